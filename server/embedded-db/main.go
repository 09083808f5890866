// Command embedded-db runs FerretDB with its SQLite backend as a local,
// MongoDB-wire-compatible database for Northstar.
//
// It listens on a loopback TCP address, lets one write command at a time through to FerretDB
// (see writes.go), stores its data in one directory,
// stops on SIGINT/SIGTERM, and stops by itself when its parent process goes
// away (its stdin closes or it is re-parented), so no database outlives a
// crashed server.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
	_ "modernc.org/sqlite"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data", "", "directory holding the SQLite databases (created if missing)")
	logLevel := flag.String("log-level", "warn", "log level: debug, info, warn or error")
	watchStdin := flag.Bool("watch-stdin", true, "exit when stdin reaches end of file (parent gone)")
	flag.Parse()

	if err := run(*listen, *dataDir, *logLevel, *watchStdin); err != nil {
		fmt.Fprintln(os.Stderr, "embedded-db:", err)
		os.Exit(1)
	}
}

func run(listen, dataDir, logLevel string, watchStdin bool) error {
	if dataDir == "" {
		return errors.New("-data is required")
	}

	absDir, err := filepath.Abs(dataDir)
	if err != nil {
		return fmt.Errorf("resolving data directory: %w", err)
	}

	if err = os.MkdirAll(absDir, 0o700); err != nil {
		return fmt.Errorf("creating data directory: %w", err)
	}

	var level slog.Level
	if err = level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("invalid -log-level %q: %w", logLevel, err)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	socketDir, err := os.MkdirTemp("", "northstar-db-")
	if err != nil {
		return fmt.Errorf("creating the socket folder: %w", err)
	}
	defer os.RemoveAll(socketDir)
	socket := filepath.Join(socketDir, "ferretdb.sock")

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{Unix: socket},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + strings.TrimSuffix(absDir, "/") + "/?_pragma=synchronous(normal)",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	go watchParent(ctx, cancel)

	if watchStdin {
		go watchStdinClose(cancel)
	}

	logger.Info("embedded-db listening", slog.String("listen", listen), slog.String("data", absDir))

	go indexIDs(ctx, absDir, logger)

	stopped := make(chan error, 1)
	go func() { stopped <- db.Run(ctx) }()

	if err = waitForSocket(ctx, socket, stopped); err != nil {
		return err
	}

	listener, err := net.Listen("tcp", listen)
	if err != nil {
		cancel(err)
		<-stopped
		return err
	}
	go serialiseWrites(ctx, listener, socket, logger)

	return <-stopped
}

// waitForSocket waits until FerretDB listens on socket, or fails when it stopped first or takes over 30 s.
func waitForSocket(ctx context.Context, socket string, stopped <-chan error) error {
	deadline := time.Now().Add(30 * time.Second)
	for {
		if conn, err := net.Dial("unix", socket); err == nil {
			conn.Close()
			return nil
		}
		select {
		case err := <-stopped:
			return fmt.Errorf("FerretDB stopped before listening: %w", err)
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return errors.New("FerretDB did not listen within 30 s")
		}
	}
}

// watchParent cancels ctx once the process that started us is gone (we are re-parented).
func watchParent(ctx context.Context, cancel context.CancelCauseFunc) {
	parent := os.Getppid()
	ticker := time.NewTicker(500 * time.Millisecond)
	defer ticker.Stop()

	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			if os.Getppid() != parent {
				cancel(errors.New("parent process exited"))
				return
			}
		}
	}
}

// watchStdinClose cancels when stdin reaches EOF, which happens when the parent's end of the pipe closes.
func watchStdinClose(cancel context.CancelCauseFunc) {
	_, _ = io.Copy(io.Discard, os.Stdin)
	cancel(errors.New("stdin closed"))
}

// idIndexSuffix names the extra index indexIDs adds to every collection table.
const idIndexSuffix = "_northstar_id"

// indexIDs gives every collection table an index on the exact expression FerretDB's SQLite
// backend filters `_id` with (`_ferretdb_sjson->'$._id'`). FerretDB's own `_id_` index is on a
// differently written expression that SQLite cannot match, so without this every lookup, update
// and delete by `_id` scans the whole table. New collections are picked up within a second.
func indexIDs(ctx context.Context, dir string, logger *slog.Logger) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()

	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.sqlite"))
		for _, file := range files {
			if err := indexIDsIn(ctx, file, logger); err != nil && ctx.Err() == nil {
				logger.Warn("indexing _id failed", slog.String("file", file), slog.String("error", err.Error()))
			}
		}

		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

// indexIDsIn adds the missing `_id` indexes to the collection tables of one database file.
func indexIDsIn(ctx context.Context, file string, logger *slog.Logger) error {
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()

	rows, err := db.QueryContext(ctx, `SELECT table_name FROM _ferretdb_collections
		WHERE table_name || ? NOT IN (SELECT name FROM sqlite_master WHERE type = 'index')`, idIndexSuffix)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return nil
		}
		return err
	}

	var tables []string
	for rows.Next() {
		var table string
		if err = rows.Scan(&table); err != nil {
			rows.Close()
			return err
		}
		tables = append(tables, table)
	}
	rows.Close()

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+idIndexSuffix, table)
		if _, err = db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", table, err)
		}
		logger.Debug("indexed _id", slog.String("table", table))
	}

	return nil
}
