package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mpc-dev/mpc/bundler"
)

type syncBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestWatchExit: the command's loop builds, rebuilds on a change and ends
// with status 0 when its context is cancelled (Ctrl-C), after the build in
// progress.
func TestWatchExit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "app")
	if err := os.CopyFS(dir, os.DirFS("../../testdata/app")); err != nil {
		t.Fatal(err)
	}
	resetFlags(watchCmd)
	opts, err := buildOptions(watchCmd, []string{dir}, &watchFlags)
	if err != nil {
		t.Fatal(err)
	}
	var log syncBuf
	ctx, cancel := context.WithCancel(context.Background())
	built := make(chan *bundler.Result, 8)
	done := make(chan error, 1)
	go func() {
		done <- watch(ctx, bundler.WatchOptions{Options: opts, Log: &log, Built: func(r *bundler.Result) { built <- r }})
	}()
	<-built
	os.WriteFile(filepath.Join(dir, "miniprogram", "pages", "about", "about.wxml"), []byte("<view>edited</view>"), 0o644)
	select {
	case <-built:
	case <-time.After(5 * time.Second):
		t.Fatalf("no rebuild:\n%s", log.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("watch ended with %v, want status 0", err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "dist", "pages", "about", "about.wxml")); string(data) != "<view>edited</view>" {
		t.Errorf("output: %q", data)
	}
	if !strings.Contains(log.String(), "rebuilt in ") {
		t.Errorf("log:\n%s", log.String())
	}

	// Usage errors end with status 2.
	opts.Target = "es3"
	if err := watch(context.Background(), bundler.WatchOptions{Options: opts, Log: &log}); err == nil || err.(*exitError).code != exitUsage {
		t.Errorf("bad target: %v", err)
	}
	if code := run([]string{"watch", filepath.Join(dir, "missing")}); code != exitUsage {
		t.Errorf("missing folder: exit %d", code)
	}
}
