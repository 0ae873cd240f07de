// Package app wires the product together: the database, its hooks and
// reference data, and the HTTP handler.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/localoffer/localoffer/ent"
	_ "github.com/localoffer/localoffer/ent/runtime" // registers the schema hooks and privacy policies
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/authz"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/directory"
	"github.com/localoffer/localoffer/internal/events"
	"github.com/localoffer/localoffer/internal/httpserver"
	"github.com/localoffer/localoffer/internal/seed"
	"github.com/localoffer/localoffer/internal/sla"
	"github.com/localoffer/localoffer/internal/store"
	"github.com/localoffer/localoffer/internal/viewer"
	"github.com/localoffer/localoffer/internal/workflow"
)

// OpenDatabase opens the configured database, migrates an empty one (and one
// that is behind when db.Migrate is set), registers the hooks that keep the
// search index current and makes sure the reference data exists.
func OpenDatabase(ctx context.Context, db config.Database, logger *slog.Logger, opts ...ent.Option) (*store.Store, error) {
	s, err := store.Open(ctx, store.Config{DatabaseURL: db.URL, DataDir: db.DataDir}, opts...)
	if err != nil {
		return nil, err
	}
	if err := Prepare(ctx, s, db.Migrate, logger); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Prepare migrates s as OpenDatabase does, registers the hooks and ensures
// the reference data and the current and next review cycles.
func Prepare(ctx context.Context, s *store.Store, migrate bool, logger *slog.Logger) error {
	applied, err := s.EnsureSchema(ctx, migrate)
	if err != nil {
		return err
	}
	if len(applied) > 0 {
		logger.Info("database migrated", "database", s.Location, "applied", applied)
	}
	directory.RegisterHooks(s.Client)
	if err := seed.EnsureReference(viewer.SystemContext(ctx), s.Client); err != nil {
		return fmt.Errorf("ensure reference data: %w", err)
	}
	if err := sla.EnsureDefaultCycles(ctx, s.Client, time.Now(), logger); err != nil {
		return err
	}
	held, err := workflow.HoldPendingContent(ctx, s.Client, time.Now())
	if err != nil {
		return fmt.Errorf("queue pending content for review: %w", err)
	}
	if held > 0 {
		logger.Info("pending content added to the moderation queue", "records", held)
	}
	return nil
}

// Server is the running product's HTTP side with its readiness state.
type Server struct {
	Store   *store.Store
	Handler http.Handler
	// Auth is the sign-in service the handler uses.
	Auth *auth.Service
	// Events carries the content events of this process: subscribe to
	// hear of every publication, unpublication and archiving.
	Events  *events.Bus
	started atomic.Bool
}

// LoadAuthorizer loads the Casbin policy from dir, or the embedded one when
// dir is empty.
func LoadAuthorizer(dir string) (*authz.Authorizer, error) {
	if dir == "" {
		return authz.NewDefault()
	}
	a, err := authz.LoadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("load policy from LOCALOFFER_POLICY_DIR=%s: %w", dir, err)
	}
	return a, nil
}

// NewServer builds the HTTP handler on an opened store. It reports ready
// only after MarkStarted. authOptions adjust the sign-in service's settings
// after they are taken from cfg, such as a test's clock.
func NewServer(s *store.Store, cfg config.Serve, a *authz.Authorizer, logger *slog.Logger, authOptions ...func(*auth.Config)) *Server {
	srv := &Server{Store: s, Events: events.NewBus(logger)}
	authConfig := auth.Config{
		SessionIdleTimeout:  cfg.Auth.SessionIdleTimeout,
		SessionMaxAge:       cfg.Auth.SessionMaxAge,
		SignInMaxFailures:   cfg.Auth.SignInMaxFailures,
		SignInFailureWindow: cfg.Auth.SignInFailureWindow,
		PublicURL:           cfg.PublicURL,
		Logger:              logger,
	}
	for _, option := range authOptions {
		option(&authConfig)
	}
	srv.Auth = auth.New(s.Client, authConfig)
	srv.Handler = httpserver.NewHandler(httpserver.Options{
		Client:         s.Client,
		Dialect:        s.Dialect,
		PublicURL:      cfg.PublicURL,
		Logger:         logger,
		Ready:          srv.ready,
		GraphiQL:       cfg.GraphiQL,
		MaxComplexity:  cfg.MaxComplexity,
		Authz:          a,
		Auth:           srv.Auth,
		Events:         srv.Events,
		TrustedProxies: cfg.TrustedProxies,
		Feedback:       cfg.Feedback,
	})
	return srv
}

// MarkStarted makes /readyz answer once start-up work, such as demo
// seeding, has finished.
func (s *Server) MarkStarted() {
	s.started.Store(true)
}

func (s *Server) ready(ctx context.Context) error {
	if !s.started.Load() {
		return errors.New("starting: seeding is not finished")
	}
	if err := s.Store.Ping(ctx); err != nil {
		return errors.New("database unreachable")
	}
	return nil
}

// SeedDemo seeds the demo content unless the database already holds
// content, in which case it logs that and leaves the data alone.
func SeedDemo(ctx context.Context, s *store.Store, logger *slog.Logger) error {
	report, err := seed.Demo(viewer.SystemContext(ctx), s.Client)
	if errors.Is(err, seed.ErrNotEmpty) {
		logger.Info("demo content not seeded: the database already holds content")
		return nil
	}
	if err != nil {
		return fmt.Errorf("seed demo content: %w", err)
	}
	logger.Info("demo content seeded", "organizations", report.Organizations, "services", report.Services,
		"information_pages", report.InformationPages)
	return nil
}
