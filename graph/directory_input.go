package graph

import (
	"github.com/localoffer/localoffer/graph/model"
	"github.com/localoffer/localoffer/internal/directory"
)

// This file turns the directory's GraphQL inputs into the plain types of
// internal/directory, which has no GraphQL dependency.

func serviceFilter(where *model.ServiceWhereInput) directory.ServiceFilter {
	if where == nil {
		return directory.ServiceFilter{}
	}
	filter := directory.ServiceFilter{
		TaxonomyTerms:         where.TaxonomyTerms,
		SendNeed:              where.SendNeed,
		Age:                   where.Age,
		FreeOnly:              where.FreeOnly != nil && *where.FreeOnly,
		Coverage:              where.Coverage,
		Audience:              where.Audience,
		Organization:          where.Organization,
		AccessibilityFeatures: where.AccessibilityFeatures,
	}
	if where.OpenAt != nil {
		filter.OpenAt = &directory.OpenAt{Weekday: where.OpenAt.Weekday, Time: where.OpenAt.Time}
	}
	if where.Near != nil {
		filter.Near = &directory.Near{Latitude: where.Near.Latitude, Longitude: where.Near.Longitude, WithinKm: where.Near.WithinKm}
	}
	return filter
}

func serviceOrder(order *model.ServiceOrder) *directory.ServiceOrder {
	if order == nil {
		return nil
	}
	return &directory.ServiceOrder{Field: directory.ServiceOrderField(order.Field), Direction: order.Direction}
}

func informationPageFilter(where *model.InformationPageWhereInput) directory.InformationPageFilter {
	if where == nil {
		return directory.InformationPageFilter{}
	}
	return directory.InformationPageFilter{Topic: where.Topic, Section: where.Section, Audience: where.Audience}
}

func informationPageOrder(order *model.InformationPageOrder) *directory.InformationPageOrder {
	if order == nil {
		return nil
	}
	return &directory.InformationPageOrder{Field: directory.InformationPageOrderField(order.Field), Direction: order.Direction}
}

func recentUpdates(updates []directory.RecentUpdate, err error) ([]*model.RecentUpdate, error) {
	if err != nil {
		return nil, err
	}
	out := make([]*model.RecentUpdate, len(updates))
	for i, u := range updates {
		out[i] = &model.RecentUpdate{UpdatedAt: u.UpdatedAt, Service: u.Service, InformationPage: u.InformationPage}
	}
	return out, nil
}
