package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
)

// FerretDB's SQLite backend carries out an update or findAndModify as a query followed by a
// write of the whole document, in two transactions. Two concurrent conditional updates
// (`{_id, version: 3}` then `$inc: {version: 1}`) can therefore both match, and two `$inc`s
// can both read the same number. MongoDB applies each single-document write atomically, and
// the product relies on that. serialiseWrites restores it: clients connect to a proxy that
// forwards every message unchanged to FerretDB and lets one write command at a time through,
// from the moment it is forwarded until its reply came back. Reads pass freely.

const (
	headerLen   = 16
	opMsg       = 2013
	maxMsgLen   = 48 << 20 // MongoDB's maxMessageSizeBytes
	moreToCome  = 1 << 1
	checksumBit = 1 << 0
)

// writeCommands are the commands that change documents or collections.
var writeCommands = map[string]bool{
	"insert": true, "update": true, "delete": true, "findandmodify": true,
	"create": true, "createindexes": true, "drop": true, "dropindexes": true,
	"dropdatabase": true, "renamecollection": true,
}

// serialiseWrites accepts clients on listener and forwards each to FerretDB at backend.
func serialiseWrites(ctx context.Context, listener net.Listener, backend string, logger *slog.Logger) {
	var writes sync.Mutex
	go func() {
		<-ctx.Done()
		listener.Close()
	}()
	for {
		client, err := listener.Accept()
		if err != nil {
			if ctx.Err() == nil {
				logger.Error("accepting a connection failed", slog.String("error", err.Error()))
			}
			return
		}
		go func() {
			if err := proxy(client, backend, &writes); err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				logger.Debug("connection ended", slog.String("error", err.Error()))
			}
		}()
	}
}

// proxy relays one client connection. A client sends its next request only after the reply to the
// previous one (or with moreToCome, expecting none), so a held write lock is released by the next
// reply on the same connection.
func proxy(client net.Conn, backend string, writes *sync.Mutex) error {
	defer client.Close()
	server, err := net.Dial("unix", backend)
	if err != nil {
		return err
	}
	defer server.Close()

	var mu sync.Mutex // guards holding
	holding := false
	release := func() {
		mu.Lock()
		defer mu.Unlock()
		if holding {
			holding = false
			writes.Unlock()
		}
	}
	defer release()

	replies := make(chan error, 1)
	go func() {
		for {
			msg, err := readMessage(server)
			if err != nil {
				client.Close()
				replies <- err
				return
			}
			if _, err = client.Write(msg); err != nil {
				replies <- err
				return
			}
			release()
		}
	}()

	for {
		msg, err := readMessage(client)
		if err != nil {
			server.Close()
			<-replies
			return err
		}
		// An unacknowledged write (moreToCome) has no reply to wait for; the product sends none.
		if write, oneWay := classify(msg); write && !oneWay {
			writes.Lock()
			mu.Lock()
			holding = true
			mu.Unlock()
		}
		if _, err = server.Write(msg); err != nil {
			<-replies
			return err
		}
	}
}

// readMessage reads one wire-protocol message, header included.
func readMessage(r io.Reader) ([]byte, error) {
	header := make([]byte, headerLen)
	if _, err := io.ReadFull(r, header); err != nil {
		return nil, err
	}
	length := int(int32(binary.LittleEndian.Uint32(header)))
	if length < headerLen || length > maxMsgLen {
		return nil, fmt.Errorf("message length %d out of range", length)
	}
	msg := make([]byte, length)
	copy(msg, header)
	if _, err := io.ReadFull(r, msg[headerLen:]); err != nil {
		return nil, err
	}
	return msg, nil
}

// classify tells whether msg is an OP_MSG write command, and whether it expects no reply.
func classify(msg []byte) (write, oneWay bool) {
	if binary.LittleEndian.Uint32(msg[12:16]) != opMsg || len(msg) < headerLen+5 {
		return false, false
	}
	flags := binary.LittleEndian.Uint32(msg[headerLen : headerLen+4])
	body := msg[headerLen+4:]
	if flags&checksumBit != 0 && len(body) >= 4 {
		body = body[:len(body)-4]
	}
	for len(body) > 0 {
		kind := body[0]
		body = body[1:]
		if len(body) < 4 {
			return false, false
		}
		size := int(int32(binary.LittleEndian.Uint32(body)))
		if size < 5 || size > len(body) {
			return false, false
		}
		if kind == 0 {
			// The command document: int32 length, then its first element (type byte, name, NUL).
			doc := body[4:size]
			if len(doc) < 2 {
				return false, false
			}
			end := bytes.IndexByte(doc[1:], 0)
			if end < 0 {
				return false, false
			}
			return writeCommands[strings.ToLower(string(doc[1:1+end]))], flags&moreToCome != 0
		}
		body = body[size:]
	}
	return false, false
}
