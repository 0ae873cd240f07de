package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"

	"github.com/localoffer/localoffer/ent/user"
	"github.com/localoffer/localoffer/internal/app"
	"github.com/localoffer/localoffer/internal/apperr"
	"github.com/localoffer/localoffer/internal/auth"
	"github.com/localoffer/localoffer/internal/config"
	"github.com/localoffer/localoffer/internal/viewer"
)

const userUsage = `Usage: localoffer user create --role ROLE --email EMAIL --name NAME [flags]

Creates an active account. The password is read from standard input: asked
for twice, without echo, on a terminal; otherwise the first line. It is
never taken as a flag, which other users could read from the process list.
Run "localoffer user create --help" for its flags.
`

// userRoles maps the --role values to account roles.
var userRoles = map[string]user.Role{
	"lo_admin":   user.RoleLOAdmin,
	"lo_officer": user.RoleLOOfficer,
	"provider":   user.RoleProvider,
}

func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, userUsage)
		if len(args) == 0 {
			return usageError{"user needs a subcommand: create"}
		}
		return nil
	}
	if args[0] != "create" {
		return usageError{fmt.Sprintf("unknown user subcommand %q: the only one is create", args[0])}
	}
	return runUserCreate(ctx, args[1:], stdin, stdout, stderr)
}

func runUserCreate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var (
		cmd               databaseCommand
		role, email, name string
	)
	set := newFlagSet("user create", "localoffer user create --role ROLE --email EMAIL --name NAME [flags]", stdout)
	flags := config.NewFlags(set)
	cmd.bind(flags)
	set.StringVar(&role, "role", "", "role of the account: lo_admin, lo_officer or provider")
	set.StringVar(&email, "email", "", "email address the user signs in with")
	set.StringVar(&name, "name", "", "the user's full name")
	if err := parseFlags(set, flags, args); err != nil {
		return err
	}
	if set.NArg() > 0 {
		return usageError{fmt.Sprintf("user create takes no arguments, got %q; the password is read from standard input", set.Args())}
	}
	accountRole, ok := userRoles[role]
	if !ok {
		return usageError{fmt.Sprintf("invalid --role %q: use lo_admin, lo_officer or provider", role)}
	}
	if email == "" || strings.TrimSpace(name) == "" {
		return usageError{"--email and --name are required"}
	}
	logger, err := cmd.validate()
	if err != nil {
		return err
	}

	password, err := readPassword(stdin, stderr)
	if err != nil {
		return err
	}
	if err := auth.CheckPassword("password", password); err != nil {
		return userError(err)
	}

	s, err := app.OpenDatabase(ctx, cmd.db, logger)
	if err != nil {
		return err
	}
	defer s.Close()
	service := auth.New(s.Client, auth.Config{Logger: logger})
	u, err := service.CreateUser(viewer.SystemContext(ctx), auth.NewUser{
		Email: email, Name: name, Role: accountRole, Password: password,
	})
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "created %s %s (%s), id %s\n", role, u.Email, u.Name, u.ID)
	return nil
}

// userError rewrites a domain error for the command line: an input error
// names its flag, and a conflict states itself without the sentinel.
func userError(err error) error {
	var input *apperr.InputError
	if errors.As(err, &input) {
		return fmt.Errorf("invalid %s: %s", flagOrInput(input.Field), input.Message)
	}
	if errors.Is(err, apperr.ErrConflict) {
		return errors.New(strings.TrimSuffix(err.Error(), ": "+apperr.ErrConflict.Error()))
	}
	return err
}

func flagOrInput(field string) string {
	if field == "password" {
		return "password (from standard input)"
	}
	return "--" + field
}

// readPassword reads the new password: from a terminal twice and without
// echo, prompting on stderr; otherwise the first line of stdin.
func readPassword(stdin io.Reader, stderr io.Writer) (string, error) {
	if f, ok := stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return readTerminalPassword(int(f.Fd()), stderr)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New("no password on standard input: pipe one line, such as with: printf '%s\\n' \"$PASSWORD\" | localoffer user create ...")
	}
	return line, nil
}

func readTerminalPassword(fd int, stderr io.Writer) (string, error) {
	fmt.Fprintf(stderr, "Password (at least %d characters): ", auth.MinPasswordLength)
	first, err := term.ReadPassword(fd)
	fmt.Fprintln(stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	fmt.Fprint(stderr, "Repeat the password: ")
	second, err := term.ReadPassword(fd)
	fmt.Fprintln(stderr)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	if string(first) != string(second) {
		return "", errors.New("the passwords do not match: run the command again")
	}
	return string(first), nil
}
