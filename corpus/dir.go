package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// dirReader reads root/<label>/*.txt, one record per file. Folders and
// files are visited in sorted order so that every run sees the same
// sequence (and so the same cross-validation folds). Only one label
// folder's listing is held at a time.
type dirReader struct {
	root      string
	max       int
	labels    []string // label folders, sorted
	nextLabel int
	label     string   // the folder being read
	files     []string // its .txt files, sorted
	nextFile  int
}

func openDir(root string, opt Options) (*Reader, error) {
	opt = opt.withDefaults()
	fi, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("%s is not a directory (the dir format reads root/<label>/*.txt)", root)
	}
	entries, err := os.ReadDir(root) // sorted by name
	if err != nil {
		return nil, err
	}
	d := &dirReader{root: root, max: opt.MaxLineBytes}
	for _, e := range entries {
		if hidden(e.Name()) {
			continue
		}
		if isDir(filepath.Join(root, e.Name()), e) {
			d.labels = append(d.labels, e.Name())
		}
	}
	return &Reader{name: root, next: d.next}, nil
}

func (d *dirReader) next() (Record, error) {
	for {
		if d.nextFile < len(d.files) {
			name := d.files[d.nextFile]
			d.nextFile++
			return d.read(name)
		}
		if d.nextLabel >= len(d.labels) {
			return Record{}, io.EOF
		}
		d.label = d.labels[d.nextLabel]
		d.nextLabel++
		d.files, d.nextFile = nil, 0
		dir := filepath.Join(d.root, d.label)
		entries, err := os.ReadDir(dir)
		if err != nil {
			return Record{}, &RecordError{Source: dir, Err: pathErr(err)}
		}
		for _, e := range entries {
			name := e.Name()
			if hidden(name) || !strings.EqualFold(filepath.Ext(name), ".txt") {
				continue
			}
			// Not a FIFO or a device: opening one could block forever.
			if isRegular(filepath.Join(dir, name), e) {
				d.files = append(d.files, name)
			}
		}
	}
}

// read reads one text file of the current label folder.
func (d *dirReader) read(name string) (Record, error) {
	path := filepath.Join(d.root, d.label, name)
	fail := func(err error) (Record, error) {
		return Record{}, &RecordError{Source: path, Err: err}
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(pathErr(err))
	}
	defer f.Close()
	// Read at most max+1 bytes: enough to know the file is too big,
	// whatever Stat says (a file may grow, or be a pipe).
	data, err := io.ReadAll(io.LimitReader(f, int64(d.max)+1))
	if err != nil {
		return fail(pathErr(err))
	}
	if len(data) > d.max {
		return fail(fmt.Errorf("file larger than %d bytes", d.max))
	}
	data = bytes.TrimPrefix(data, bom)
	if err := checkUTF8(data); err != nil {
		return fail(err)
	}
	return Record{
		ID:     d.label + "/" + name,
		Text:   string(bytes.TrimSpace(data)),
		Label:  d.label,
		Source: path,
	}, nil
}

// hidden reports whether a file or folder name is hidden (".git", ".DS_Store").
func hidden(name string) bool { return strings.HasPrefix(name, ".") }

// isDir reports whether the entry at path is a directory, following a
// symbolic link.
func isDir(path string, e fs.DirEntry) bool {
	if e.Type()&fs.ModeSymlink == 0 {
		return e.IsDir()
	}
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}

// isRegular reports whether the entry at path is a regular file, following
// a symbolic link. A broken link counts as a file, so that reading it
// reports the problem instead of skipping a text without a word.
func isRegular(path string, e fs.DirEntry) bool {
	if e.Type()&fs.ModeSymlink == 0 {
		return e.Type().IsRegular()
	}
	fi, err := os.Stat(path)
	return err != nil || fi.Mode().IsRegular()
}

// pathErr drops the path from an *fs.PathError: the RecordError names the
// file already.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}
