//go:build unix

package dirfs

import (
	"io/fs"
	"syscall"
)

// readFile reads p with open, fstat, read and close; ok is false when the
// caller should fall back to os.ReadFile (not a regular file).
func readFile(p string) (data []byte, ok bool, err error) {
	fd, err := open(p)
	if err != nil {
		return nil, true, err
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := fstat(fd, &st); err != nil {
		return nil, true, err
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		if st.Mode&syscall.S_IFMT == syscall.S_IFDIR {
			return nil, true, syscall.EISDIR
		}
		return nil, false, nil
	}
	// One read of the stat size is the whole file, unless it changed
	// meanwhile: then read on to the end.
	data = make([]byte, 0, int(st.Size))
	for {
		if len(data) == cap(data) {
			if len(data) == int(st.Size) && st.Size > 0 {
				return data, true, nil
			}
			data = append(data, 0)[:len(data)]
		}
		n, err := read(fd, data[len(data):cap(data)])
		if n > 0 {
			data = data[:len(data)+n]
		}
		if err != nil {
			return nil, true, err
		}
		if n == 0 {
			return data, true, nil
		}
	}
}

func open(p string) (int, error) {
	for {
		fd, err := syscall.Open(p, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
		if err != syscall.EINTR {
			if err == syscall.ENOENT {
				err = fs.ErrNotExist
			}
			return fd, err
		}
	}
}

func fstat(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}

func read(fd int, b []byte) (int, error) {
	for {
		n, err := syscall.Read(fd, b)
		if err != syscall.EINTR {
			return n, err
		}
	}
}
