// Command localoffer runs the Local Offer service: the GraphQL API and the
// commands that look after its database.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	_ "time/tzdata" // Europe/London without the system's time zone files

	"github.com/localoffer/localoffer/internal/config"
)

const usage = `localoffer: the SEND Local Offer content service and GraphQL API.

Usage:
  localoffer serve [flags]             run the API (GraphiQL at /, GraphQL at /graphql)
  localoffer migrate [flags]           apply pending database migrations
  localoffer import oruk [flags] FILE  import an Open Referral UK feed (FILE "-" reads stdin)
  localoffer seed demo [flags]         seed the fictional demo content into an empty database
  localoffer user create [flags]       create an account; the password is read from stdin
  localoffer sla report [flags]        print the SLA monitoring report of a review cycle
  localoffer sla sweep [flags]         run the hourly SLA, feedback and retention sweeps once, now
  localoffer report annual [flags]     print the annual "you said, we did" report of an academic year

Run "localoffer COMMAND --help" for a command's flags. Every flag can also be
set by the environment variable named in its help.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command and returns the process exit code: 0 on success
// and for --help, 1 on failure, 2 on a usage error.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "serve":
		err = runServe(ctx, args[1:], stdout, stderr)
	case "migrate":
		err = runMigrate(ctx, args[1:], stdout, stderr)
	case "import":
		err = runImport(ctx, args[1:], stdin, stdout, stderr)
	case "seed":
		err = runSeed(ctx, args[1:], stdout, stderr)
	case "user":
		err = runUser(ctx, args[1:], stdin, stdout, stderr)
	case "sla":
		err = runSLA(ctx, args[1:], stdout)
	case "report":
		err = runReport(ctx, args[1:], stdout)
	default:
		fmt.Fprintf(stderr, "localoffer: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "localoffer: %v\n", err)
		return 2
	default:
		fmt.Fprintf(stderr, "localoffer: %v\n", err)
		return 1
	}
}

// usageError is a mistake in the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// newFlagSet returns a flag set that prints its help to stdout, so that
// --help output can be piped, and reports errors through run.
func newFlagSet(name, synopsis string, stdout io.Writer) *flag.FlagSet {
	set := flag.NewFlagSet(name, flag.ContinueOnError)
	set.SetOutput(stdout)
	set.Usage = func() {
		fmt.Fprintf(stdout, "Usage: %s\n\nFlags:\n", synopsis)
		set.PrintDefaults()
	}
	return set
}

// parseFlags parses args and turns a bad flag into a usage error.
func parseFlags(set *flag.FlagSet, flags *config.Flags, args []string) error {
	if err := set.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError{err.Error()}
	}
	if err := flags.Err(); err != nil {
		return usageError{err.Error()}
	}
	return nil
}

// databaseCommand holds the flags shared by commands that open the database.
type databaseCommand struct {
	db    config.Database
	log   config.Log
	level string
}

func (c *databaseCommand) bind(flags *config.Flags) {
	config.BindDatabase(flags, &c.db)
	config.BindLog(flags, &c.log, &c.level)
}

func (c *databaseCommand) validate() (*slog.Logger, error) {
	if err := errors.Join(config.ValidateDatabase(&c.db), config.ValidateLog(&c.log, c.level)); err != nil {
		return nil, usageError{err.Error()}
	}
	return config.NewLogger(c.log), nil
}
