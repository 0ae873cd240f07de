// Package config reads the product's settings from environment variables and
// command-line flags. A flag wins over its variable, which wins over the
// default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Database holds the settings of every command that opens the database.
type Database struct {
	// URL is a PostgreSQL URL; empty means SQLite in DataDir.
	URL string
	// DataDir is the directory of the SQLite file.
	DataDir string
	// Migrate applies pending migrations instead of refusing to start.
	Migrate bool
}

// Log holds the logging settings.
type Log struct {
	Format string // "text" or "json"
	Level  slog.Level
}

// Serve holds the settings of `localoffer serve`.
type Serve struct {
	Database Database
	Log      Log
	// Addr is the listen address, such as ":8080".
	Addr string
	// PublicURL is the base of links to the public site, such as in emails.
	PublicURL string
	// Demo seeds the demo content into an empty database before readiness.
	Demo bool
	// ShutdownTimeout is how long in-flight requests get to finish on SIGTERM.
	ShutdownTimeout time.Duration
	// GraphiQL serves the GraphiQL explorer at /.
	GraphiQL bool
	// MaxComplexity caps the complexity of one GraphQL operation.
	MaxComplexity int
	// PolicyDir holds model.conf and policy.csv replacing the embedded
	// Casbin policy; empty means the embedded one.
	PolicyDir string
	// Auth holds the session and sign-in settings.
	Auth Auth
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// gives the client address; empty trusts none.
	TrustedProxies []netip.Prefix
	// SMTP holds the email delivery settings; without a host, emails stay
	// in the outbox.
	SMTP SMTP
	// SLA holds the settings of the SLA's periodic sweeps.
	SLA SLA
	// Feedback holds the settings of feedback, the annual report and the
	// retention of families' data.
	Feedback Feedback
}

// Flags binds settings to a flag set, with defaults taken from the
// environment, and collects the errors of variables that do not parse.
type Flags struct {
	set  *flag.FlagSet
	errs []error
}

// NewFlags wraps a flag set.
func NewFlags(set *flag.FlagSet) *Flags {
	return &Flags{set: set}
}

// String binds a string setting.
func (f *Flags) String(p *string, name, variable, value, usage string) {
	if v, ok := os.LookupEnv(variable); ok {
		value = v
	}
	f.set.StringVar(p, name, value, usage+" (env "+variable+")")
}

// Bool binds a boolean setting.
func (f *Flags) Bool(p *bool, name, variable string, value bool, usage string) {
	if v, ok := os.LookupEnv(variable); ok {
		parsed, err := strconv.ParseBool(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("%s=%q is invalid: use true or false", variable, v))
		} else {
			value = parsed
		}
	}
	f.set.BoolVar(p, name, value, usage+" (env "+variable+")")
}

// Int binds an integer setting.
func (f *Flags) Int(p *int, name, variable string, value int, usage string) {
	if v, ok := os.LookupEnv(variable); ok {
		parsed, err := strconv.Atoi(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("%s=%q is invalid: use a whole number", variable, v))
		} else {
			value = parsed
		}
	}
	f.set.IntVar(p, name, value, usage+" (env "+variable+")")
}

// Duration binds a duration setting.
func (f *Flags) Duration(p *time.Duration, name, variable string, value time.Duration, usage string) {
	if v, ok := os.LookupEnv(variable); ok {
		parsed, err := time.ParseDuration(v)
		if err != nil {
			f.errs = append(f.errs, fmt.Errorf("%s=%q is invalid: use a duration such as 15s or 2m", variable, v))
		} else {
			value = parsed
		}
	}
	f.set.DurationVar(p, name, value, usage+" (env "+variable+")")
}

// Err returns the errors of environment variables that did not parse.
func (f *Flags) Err() error {
	return errors.Join(f.errs...)
}

// BindDatabase binds the database settings, with --migrate.
func BindDatabase(f *Flags, db *Database) {
	BindDatabaseLocation(f, db)
	f.Bool(&db.Migrate, "migrate", "LOCALOFFER_MIGRATE", false,
		"apply pending database migrations at start instead of refusing to run")
}

// BindDatabaseLocation binds the settings that say which database to open.
func BindDatabaseLocation(f *Flags, db *Database) {
	f.String(&db.URL, "database-url", "LOCALOFFER_DATABASE_URL", "",
		"PostgreSQL URL, such as postgres://user:pass@host:5432/localoffer?sslmode=disable; empty means SQLite in the data directory")
	f.String(&db.DataDir, "data-dir", "LOCALOFFER_DATA_DIR", "./data",
		"directory of the SQLite database file")
}

// BindLog binds the logging settings.
func BindLog(f *Flags, l *Log, level *string) {
	f.String(&l.Format, "log-format", "LOCALOFFER_LOG_FORMAT", "text", "log format: text or json")
	f.String(level, "log-level", "LOCALOFFER_LOG_LEVEL", "info", "log level: debug, info, warn or error")
}

// BindServe binds every setting of `localoffer serve`. Call Validate after
// the flag set has parsed.
func BindServe(f *Flags, s *Serve, level *string) {
	BindDatabase(f, &s.Database)
	BindLog(f, &s.Log, level)
	f.String(&s.Addr, "addr", "LOCALOFFER_ADDR", ":8080", "listen address, host:port")
	f.String(&s.PublicURL, "public-url", "LOCALOFFER_PUBLIC_URL", "http://localhost:8080",
		"base URL of the public site, used in links")
	f.Bool(&s.Demo, "demo", "LOCALOFFER_DEMO", false, "seed the demo content into an empty database before reporting ready")
	f.Duration(&s.ShutdownTimeout, "shutdown-timeout", "LOCALOFFER_SHUTDOWN_TIMEOUT", 15*time.Second,
		"time in-flight requests get to finish after SIGTERM")
	f.Bool(&s.GraphiQL, "graphiql", "LOCALOFFER_GRAPHIQL", true, "serve the GraphiQL explorer at /")
	f.Int(&s.MaxComplexity, "max-complexity", "LOCALOFFER_MAX_COMPLEXITY", 5000,
		"maximum complexity of one GraphQL operation, in fields counted with their page sizes")
	f.String(&s.PolicyDir, "policy-dir", "LOCALOFFER_POLICY_DIR", "",
		"directory with model.conf and policy.csv to use instead of the built-in Casbin policy")
	BindAuth(f, &s.Auth)
	BindTrustedProxies(f, &s.TrustedProxies)
	BindSMTP(f, &s.SMTP)
	BindSLA(f, &s.SLA)
	BindFeedback(f, &s.Feedback)
}

// ValidateServe checks the settings of `localoffer serve` and fills the
// parsed log level.
func ValidateServe(s *Serve, level string) error {
	var errs []error
	if err := ValidateLog(&s.Log, level); err != nil {
		errs = append(errs, err)
	}
	if s.Addr == "" {
		errs = append(errs, errors.New("listen address (--addr, LOCALOFFER_ADDR) is empty: give host:port such as :8080"))
	}
	if _, port, err := net.SplitHostPort(s.Addr); s.Addr != "" && (err != nil || port == "") {
		errs = append(errs, fmt.Errorf("invalid listen address %q (--addr, LOCALOFFER_ADDR): give host:port such as :8080 or 127.0.0.1:8080", s.Addr))
	}
	if u, err := url.Parse(s.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("invalid public URL %q (--public-url, LOCALOFFER_PUBLIC_URL): give an absolute http or https URL such as https://localoffer.example.gov.uk", s.PublicURL))
	}
	s.PublicURL = strings.TrimRight(s.PublicURL, "/")
	if s.ShutdownTimeout <= 0 {
		errs = append(errs, errors.New("shutdown timeout (--shutdown-timeout, LOCALOFFER_SHUTDOWN_TIMEOUT) must be positive, such as 15s"))
	}
	if s.MaxComplexity < 100 {
		errs = append(errs, fmt.Errorf("maximum complexity %d (--max-complexity, LOCALOFFER_MAX_COMPLEXITY) is too low: use at least 100", s.MaxComplexity))
	}
	if err := ValidateDatabase(&s.Database); err != nil {
		errs = append(errs, err)
	}
	if err := ValidateAuth(&s.Auth); err != nil {
		errs = append(errs, err)
	}
	if err := ValidateSMTP(&s.SMTP); err != nil {
		errs = append(errs, err)
	}
	if err := ValidateSLA(&s.SLA); err != nil {
		errs = append(errs, err)
	}
	if err := ValidateFeedback(&s.Feedback); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// ValidateDatabase checks the database settings.
func ValidateDatabase(db *Database) error {
	if db.URL == "" {
		if db.DataDir == "" {
			return errors.New("data directory (--data-dir, LOCALOFFER_DATA_DIR) is empty: give the directory for the SQLite file, such as ./data")
		}
		return nil
	}
	u, err := url.Parse(db.URL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return errors.New("invalid database URL (--database-url, LOCALOFFER_DATABASE_URL): give a URL such as postgres://user:password@host:5432/localoffer?sslmode=disable")
	}
	return nil
}

// ValidateLog parses the log level and checks the format.
func ValidateLog(l *Log, level string) error {
	var errs []error
	if l.Format != "text" && l.Format != "json" {
		errs = append(errs, fmt.Errorf("invalid log format %q (--log-format, LOCALOFFER_LOG_FORMAT): use text or json", l.Format))
	}
	if err := l.Level.UnmarshalText([]byte(level)); err != nil {
		errs = append(errs, fmt.Errorf("invalid log level %q (--log-level, LOCALOFFER_LOG_LEVEL): use debug, info, warn or error", level))
	}
	return errors.Join(errs...)
}

// NewLogger returns the logger the settings describe, writing to stderr.
func NewLogger(l Log) *slog.Logger {
	opts := &slog.HandlerOptions{Level: l.Level}
	if l.Format == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}
