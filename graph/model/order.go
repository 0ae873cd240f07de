package model

import (
	"fmt"
	"io"
	"strconv"

	"entgo.io/contrib/entgql"
)

// These types are written by hand because ent's generated package has types
// of the same names, which gqlgen's autobind would otherwise pick.

// ServiceOrderField is a field that services can be ordered by.
type ServiceOrderField string

const (
	ServiceOrderFieldRelevance ServiceOrderField = "RELEVANCE"
	ServiceOrderFieldName      ServiceOrderField = "NAME"
	ServiceOrderFieldUpdatedAt ServiceOrderField = "UPDATED_AT"
	ServiceOrderFieldDistance  ServiceOrderField = "DISTANCE"
)

func (f ServiceOrderField) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(f)))
}

func (f *ServiceOrderField) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, "ServiceOrderField", f,
		ServiceOrderFieldRelevance, ServiceOrderFieldName, ServiceOrderFieldUpdatedAt, ServiceOrderFieldDistance)
}

// ServiceOrder is the orderBy argument of the services query.
type ServiceOrder struct {
	Field     ServiceOrderField      `json:"field"`
	Direction *entgql.OrderDirection `json:"direction,omitempty"`
}

// InformationPageOrderField is a field that information pages can be ordered by.
type InformationPageOrderField string

const (
	InformationPageOrderFieldRelevance InformationPageOrderField = "RELEVANCE"
	InformationPageOrderFieldTitle     InformationPageOrderField = "TITLE"
	InformationPageOrderFieldUpdatedAt InformationPageOrderField = "UPDATED_AT"
)

func (f InformationPageOrderField) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(f)))
}

func (f *InformationPageOrderField) UnmarshalGQL(v any) error {
	return unmarshalEnum(v, "InformationPageOrderField", f,
		InformationPageOrderFieldRelevance, InformationPageOrderFieldTitle, InformationPageOrderFieldUpdatedAt)
}

// InformationPageOrder is the orderBy argument of the informationPages query.
type InformationPageOrder struct {
	Field     InformationPageOrderField `json:"field"`
	Direction *entgql.OrderDirection    `json:"direction,omitempty"`
}

func unmarshalEnum[T ~string](v any, typeName string, out *T, valid ...T) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("%s must be a string, got %T", typeName, v)
	}
	for _, value := range valid {
		if T(s) == value {
			*out = value
			return nil
		}
	}
	return fmt.Errorf("%q is not a valid %s; use one of %v", s, typeName, valid)
}
