// Command embedded-db runs FerretDB with its SQLite backend as a local,
// MongoDB-wire-compatible database for Northstar.
//
// It listens on a loopback TCP address, stores its data in one directory,
// stops on SIGINT/SIGTERM, and stops by itself when its parent process goes
// away (its stdin closes or it is re-parented), so no database outlives a
// crashed server.
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
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
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

	db, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
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

	return db.Run(ctx)
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
