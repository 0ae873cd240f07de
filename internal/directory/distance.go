package directory

import (
	"fmt"
	"math"
	"strconv"

	"entgo.io/ent/dialect/sql"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/location"
	"github.com/localoffer/localoffer/ent/predicate"
	"github.com/localoffer/localoffer/ent/service"
)

// MaxRadiusKm is the largest radius a near filter may ask for.
const MaxRadiusKm = 200

// kmPerDegree is the length of one degree of latitude on a sphere of the
// Earth's mean radius, 6371.0088 km.
const kmPerDegree = 6371.0088 * math.Pi / 180

// nearbyAlias names the per-service nearest distance joined to the query,
// and distanceColumn the squared distance, in degrees of latitude, that it
// holds and that each service row carries as a selected value.
const (
	nearbyAlias    = "nearby"
	distanceColumn = "distance_sq"
)

// Near is a point and a radius.
type Near struct {
	Latitude  float64
	Longitude float64
	WithinKm  float64
}

// nearPredicate keeps services with a location within the radius. It uses the
// equirectangular approximation: longitude differences are scaled by the
// cosine of the search point's latitude, computed here, so that the SQL is
// plain arithmetic that SQLite runs without its math functions. Within 200 km
// of a point in England the error is well under 1%.
func nearPredicate(near *Near) (predicate.Service, error) {
	if near == nil {
		return nil, nil
	}
	if err := near.validate(); err != nil {
		return nil, err
	}
	scale := math.Cos(near.Latitude * math.Pi / 180)
	radius := near.WithinKm / kmPerDegree

	return func(s *sql.Selector) {
		d := s.Dialect()
		links := sql.Dialect(d).Table(service.LocationsTable).As("sl")
		places := sql.Dialect(d).Table(location.Table).As("l")
		lat, lon := places.C(location.FieldLatitude), places.C(location.FieldLongitude)
		distance := sql.ExprFunc(func(b *sql.Builder) {
			b.WriteString("MIN(((" + lon + " - ").Arg(near.Longitude).WriteString(") * ").Arg(scale).
				WriteString(") * ((" + lon + " - ").Arg(near.Longitude).WriteString(") * ").Arg(scale).
				WriteString(") + (" + lat + " - ").Arg(near.Latitude).
				WriteString(") * (" + lat + " - ").Arg(near.Latitude).WriteString("))")
		})
		nearest := sql.Dialect(d).Select(links.C(service.LocationsPrimaryKey[0])).
			AppendSelectExprAs(distance, distanceColumn).
			From(links).
			Join(places).On(places.C(location.FieldID), links.C(service.LocationsPrimaryKey[1])).
			Where(sql.And(sql.NotNull(lat), sql.NotNull(lon))).
			GroupBy(links.C(service.LocationsPrimaryKey[0])).
			As(nearbyAlias)
		s.Join(nearest).On(s.C(service.FieldID), nearest.C(service.LocationsPrimaryKey[0]))
		s.Where(sql.LTE(nearest.C(distanceColumn), radius*radius))
	}, nil
}

func (n *Near) validate() error {
	switch {
	case math.IsNaN(n.Latitude) || n.Latitude < -90 || n.Latitude > 90:
		return &InputError{Field: "where.near.latitude", Message: "must be between -90 and 90"}
	case math.IsNaN(n.Longitude) || n.Longitude < -180 || n.Longitude > 180:
		return &InputError{Field: "where.near.longitude", Message: "must be between -180 and 180"}
	case math.IsNaN(n.WithinKm) || n.WithinKm <= 0 || n.WithinKm > MaxRadiusKm:
		return &InputError{Field: "where.near.withinKm", Message: fmt.Sprintf("must be more than 0 and at most %d", MaxRadiusKm)}
	}
	return nil
}

// selectDistance adds the nearest distance to the selected columns, so that
// each service of the page carries it (see DistanceKm). ent runs order
// options after choosing the columns, which is why this is one.
func selectDistance() service.OrderOption {
	return func(s *sql.Selector) {
		column := sql.Dialect(s.Dialect()).Table(nearbyAlias).C(distanceColumn)
		s.AppendSelectExprAs(sql.Raw(column), distanceColumn)
	}
}

func orderByDistance(ascending bool) service.OrderOption {
	return func(s *sql.Selector) {
		column := sql.Dialect(s.Dialect()).Table(nearbyAlias).C(distanceColumn)
		if ascending {
			s.OrderBy(sql.Asc(column))
		} else {
			s.OrderBy(sql.Desc(column))
		}
	}
}

// DistanceKm returns the distance in kilometres from the near filter's point
// to the service's nearest location, or nil for a service that was not
// loaded by a search with a near filter.
func DistanceKm(s *ent.Service) *float64 {
	value, err := s.Value(distanceColumn)
	if err != nil {
		return nil
	}
	var squared float64
	switch v := value.(type) {
	case float64:
		squared = v
	case int64:
		squared = float64(v)
	case []byte:
		parsed, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return nil
		}
		squared = parsed
	default:
		return nil
	}
	km := math.Sqrt(squared) * kmPerDegree
	return &km
}
