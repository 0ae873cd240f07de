package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/localoffer/localoffer/internal/store"
	"github.com/localoffer/localoffer/internal/store/storetest"
)

func runCommand(t *testing.T, ctx context.Context, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(ctx, args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// databaseArgs points a command at a fresh, empty test database, which the
// command migrates itself.
func databaseArgs(t *testing.T) []string {
	cfg := storetest.EmptyConfig(t)
	if cfg.DatabaseURL != "" {
		return []string{"--database-url", cfg.DatabaseURL}
	}
	return []string{"--data-dir", cfg.DataDir}
}

func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{
		{"--help"}, {"help"},
		{"serve", "--help"}, {"migrate", "--help"},
		{"import", "--help"}, {"import", "oruk", "--help"},
		{"seed", "--help"}, {"seed", "demo", "--help"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := runCommand(t, context.Background(), "", args...)
			if code != 0 {
				t.Errorf("exit code %d, want 0; stderr: %s", code, stderr)
			}
			if !strings.Contains(stdout, "Usage") {
				t.Errorf("help output lacks a usage line:\n%s", stdout)
			}
		})
	}
}

func TestServeHelpListsSettings(t *testing.T) {
	_, stdout, _ := runCommand(t, context.Background(), "", "serve", "--help")
	for _, want := range []string{"LOCALOFFER_ADDR", "LOCALOFFER_DATA_DIR", "LOCALOFFER_DATABASE_URL", "default \":8080\""} {
		if !strings.Contains(stdout, want) {
			t.Errorf("serve --help does not mention %s", want)
		}
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{
		{}, {"frobnicate"}, {"serve", "--no-such-flag"}, {"seed", "everything"},
		{"import", "csv", "x"}, {"import", "oruk"},
		{"serve", "--public-url", "not a url"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, _, stderr := runCommand(t, context.Background(), "", args...)
			if code != 2 {
				t.Errorf("exit code %d, want 2; stderr: %s", code, stderr)
			}
		})
	}
}

func TestCommandRefusesDatabaseBehind(t *testing.T) {
	ctx := context.Background()
	dbArgs := databaseArgs(t)
	migrateAllButLast(t, dbArgs)

	code, _, stderr := runCommand(t, ctx, "", append([]string{"seed", "demo"}, dbArgs...)...)
	if code != 1 {
		t.Fatalf("seed demo on a database behind: exit %d, want 1", code)
	}
	if !strings.Contains(stderr, "localoffer migrate") || !strings.Contains(stderr, "--migrate") {
		t.Errorf("error does not say how to fix it: %s", stderr)
	}

	code, _, stderr = runCommand(t, ctx, "", append([]string{"seed", "demo", "--migrate"}, dbArgs...)...)
	if code != 0 {
		t.Errorf("seed demo --migrate: exit %d: %s", code, stderr)
	}
}

func migrateAllButLast(t *testing.T, dbArgs []string) {
	t.Helper()
	cfg := store.Config{}
	if dbArgs[0] == "--database-url" {
		cfg.DatabaseURL = dbArgs[1]
	} else {
		cfg.DataDir = dbArgs[1]
	}
	s, err := store.Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := store.Migrations(s.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.MigrateN(context.Background(), len(all)-1); err != nil {
		t.Fatal(err)
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// A fresh database served with --demo reports ready only after seeding,
// serves the demo content, and stops cleanly when its context ends (as on
// SIGTERM).
func TestServeDemoLifecycle(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr := freeAddr(t)
	args := append([]string{"serve", "--demo", "--addr", addr, "--log-level", "warn"}, databaseArgs(t)...)

	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() { done <- run(ctx, args, strings.NewReader(""), &bytes.Buffer{}, &stderr) }()

	base := "http://" + addr
	waitForStatus(t, base+"/readyz", http.StatusOK, done)

	body := fmt.Sprintf(`{"query": %q}`, `{ services { totalCount } informationPages { totalCount } }`)
	res, err := http.Post(base+"/graphql", "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var decoded struct {
		Data struct {
			Services         struct{ TotalCount int } `json:"services"`
			InformationPages struct{ TotalCount int } `json:"informationPages"`
		} `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&decoded); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if decoded.Data.Services.TotalCount < 40 {
		t.Errorf("services after demo seeding: %d, want at least 40", decoded.Data.Services.TotalCount)
	}
	if decoded.Data.InformationPages.TotalCount < 8 {
		t.Errorf("information pages after demo seeding: %d, want at least 8", decoded.Data.InformationPages.TotalCount)
	}

	res, err = http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GraphiQL at /: status %d", res.StatusCode)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exit code after shutdown: %d; stderr: %s", code, stderr.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop within 20s of its context ending")
	}
}

// waitForStatus polls url until it responds with status, failing if the
// server exits first or 60 seconds pass.
func waitForStatus(t *testing.T, url string, status int, exited <-chan int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case code := <-exited:
			t.Fatalf("server exited with code %d before %s answered %d", code, url, status)
		default:
		}
		res, err := http.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == status {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s did not answer %d within 60s", url, status)
}

func TestImportOrukFromStdin(t *testing.T) {
	example, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "data", "oruk", "uk-profile-3.0", "examples", "service_full.json"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("read ORUK example (CI needs ../shared/data beside the repository): %v", err)
		}
		t.Skipf("ORUK examples not found beside the repository (../shared/data): %v", err)
	}
	ctx := context.Background()
	dbArgs := databaseArgs(t)
	args := append([]string{"import", "oruk", "--source", "example"}, dbArgs...)
	args = append(args, "-")

	code, stdout, stderr := runCommand(t, ctx, string(example), args...)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "services created") {
		t.Errorf("import report lacks the created count:\n%s", stdout)
	}

	// The same feed again changes nothing.
	code, stdout, stderr = runCommand(t, ctx, string(example), args...)
	if code != 0 {
		t.Fatalf("second import: exit %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`services unchanged\s+1`).MatchString(stdout) {
		t.Errorf("second import did not report the service as unchanged:\n%s", stdout)
	}
}

func TestImportRejectsMissingFile(t *testing.T) {
	args := append([]string{"import", "oruk"}, databaseArgs(t)...)
	args = append(args, filepath.Join(t.TempDir(), "missing.json"))
	code, _, stderr := runCommand(t, context.Background(), "", args...)
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if !strings.Contains(stderr, "missing.json") {
		t.Errorf("error does not name the file: %s", stderr)
	}
}

func TestServeRejectsBadAddressBeforeOpeningDatabase(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	code, _, stderr := runCommand(t, context.Background(), "", "serve", "--addr", "nonsense", "--data-dir", dataDir)
	if code != 2 {
		t.Errorf("exit code %d, want 2; stderr: %s", code, stderr)
	}
	if !strings.Contains(stderr, "--addr") {
		t.Errorf("error does not name the flag: %s", stderr)
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("serve created %s before failing on its address", dataDir)
	}
}

func TestMigrateStatusLeavesMissingDatabaseAlone(t *testing.T) {
	dataDir := filepath.Join(t.TempDir(), "data")
	code, stdout, stderr := runCommand(t, context.Background(), "", "migrate", "--status", "--data-dir", dataDir)
	if code != 0 {
		t.Fatalf("exit code %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "does not exist yet") {
		t.Errorf("status output does not say the database is missing: %s", stdout)
	}
	if _, err := os.Stat(dataDir); !os.IsNotExist(err) {
		t.Errorf("migrate --status created %s", dataDir)
	}
}

func TestMigrateHelpOmitsMigrateFlag(t *testing.T) {
	_, stdout, _ := runCommand(t, context.Background(), "", "migrate", "--help")
	if strings.Contains(stdout, "-migrate\n") || strings.Contains(stdout, "  -migrate ") {
		t.Errorf("migrate --help offers -migrate, which means nothing there:\n%s", stdout)
	}
}
