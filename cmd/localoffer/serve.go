package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/localoffer/localoffer/internal/app"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/httpserver"
	"github.com/localoffer/localoffer/internal/jobs"
)

func runServe(ctx context.Context, args []string, stdout, _ io.Writer) error {
	var (
		cfg   config.Serve
		level string
	)
	set := newFlagSet("serve", "localoffer serve [flags]", stdout)
	flags := config.NewFlags(set)
	config.BindServe(flags, &cfg, &level)
	if err := parseFlags(set, flags, args); err != nil {
		return err
	}
	if set.NArg() > 0 {
		return usageError{fmt.Sprintf("serve takes no arguments, got %q", set.Args())}
	}
	if err := config.ValidateServe(&cfg, level); err != nil {
		return usageError{err.Error()}
	}
	logger := config.NewLogger(cfg.Log)
	authorizer, err := app.LoadAuthorizer(cfg.PolicyDir)
	if err != nil {
		return err
	}

	s, err := app.OpenDatabase(ctx, cfg.Database, logger)
	if err != nil {
		return err
	}
	defer s.Close()

	server := app.NewServer(s, cfg, authorizer, logger)
	listener, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	queue, err := app.StartDelivery(ctx, s, cfg, logger)
	if err != nil {
		listener.Close()
		return err
	}
	// Deferred after s.Close, so it runs before it: the queue stops before
	// the database closes, on every return.
	defer stopQueue(ctx, queue, cfg.ShutdownTimeout, logger)
	httpServer := httpserver.NewServer(cfg.Addr, server.Handler)
	serveErr := make(chan error, 1)
	go func() { serveErr <- httpServer.Serve(listener) }()
	logger.Info("server started", "addr", listener.Addr().String(), "database", s.Location,
		"public_url", cfg.PublicURL, "demo", cfg.Demo)

	// Liveness answers at once; readiness waits until seeding is done.
	if cfg.Demo {
		if err := app.SeedDemo(ctx, s, logger); err != nil {
			httpServer.Close()
			return err
		}
	}
	server.MarkStarted()
	logger.Info("server ready")

	select {
	case err := <-serveErr:
		if !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("serve HTTP: %w", err)
		}
	case <-ctx.Done():
		logger.Info("server stopping", "timeout", cfg.ShutdownTimeout.String())
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
		defer cancel()
		if err := httpServer.Shutdown(shutdownCtx); err != nil {
			logger.Error("graceful shutdown timed out; closing connections", "error", err)
			httpServer.Close()
		}
	}
	logger.Info("server stopped")
	return nil
}

// stopQueue stops email delivery, if it runs: jobs get timeout to finish,
// then their contexts are cancelled.
func stopQueue(ctx context.Context, queue *jobs.Queue, timeout time.Duration, logger *slog.Logger) {
	if queue == nil {
		return
	}
	stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	if err := queue.Stop(stopCtx); err != nil {
		logger.Error("stop job queue", "error", err)
	}
}
