package models

import (
	_ "embed"
	"fmt"
	"sync"
)

// The default model: Arabic news in five topics (security, sports, weather,
// politics, other), trained on the ANT and SANAD corpora and the project's own
// corpus. Rebuild it, byte for byte, with:
//
//go:generate go run ./internal/builddefault -data ../../shared/data -testdata ../testdata -out default.tasnif
//go:embed default.tasnif
var defaultModel []byte

var (
	defaultOnce sync.Once
	defaultM    *Model
	defaultErr  error
)

// DefaultName is the name commands show for the embedded model.
const DefaultName = "default (embedded)"

// Default returns the embedded five-topic model, decoded once.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		defaultM, defaultErr = Decode(defaultModel)
		if defaultErr != nil {
			defaultErr = fmt.Errorf("embedded default model: %w", defaultErr)
		}
	})
	return defaultM, defaultErr
}
