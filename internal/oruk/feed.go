package oruk

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrInvalidFeed is wrapped by the error Import returns when the input as a
// whole cannot be read: it is not JSON, or it holds no service records.
var ErrInvalidFeed = errors.New("invalid ORUK feed")

// Container formats, as the report names them.
const (
	formatPage10  = "ORUK 1.0 page (content)"
	formatPage30  = "ORUK 3.0 page (contents)"
	formatArray   = "JSON array of services"
	formatSingle  = "single service"
	formatUnknown = "no service records"
)

// feedReader reads service records one at a time from any of the shapes a
// feed comes in: a page envelope whose "content" (1.0) or "contents" (3.0)
// array holds the services, a bare array of services, or one service object.
// Several JSON values in a row, as in newline-delimited JSON, are read in
// turn. Only the current record is held in memory.
type feedReader struct {
	decoder *json.Decoder
	format  string
	// totalPages is the page count a paged feed declared, or 0.
	totalPages int
}

func newFeedReader(r io.Reader) *feedReader {
	return &feedReader{decoder: json.NewDecoder(r), format: formatUnknown}
}

// each calls handle with every record in the feed, stopping at the first
// error handle returns.
func (f *feedReader) each(handle func(raw json.RawMessage) error) error {
	for {
		token, err := f.decoder.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return f.syntaxError(err)
		}

		switch token {
		case json.Delim('['):
			f.setFormat(formatArray)
			err = f.eachInArray(handle)
		case json.Delim('{'):
			err = f.eachInObject(handle)
		default:
			return fmt.Errorf("%w: expected a JSON object or array, found %v", ErrInvalidFeed, token)
		}
		if err != nil {
			return err
		}
	}
}

// eachInArray reads the elements of an array whose '[' has been read.
func (f *feedReader) eachInArray(handle func(raw json.RawMessage) error) error {
	for f.decoder.More() {
		var raw json.RawMessage
		if err := f.decoder.Decode(&raw); err != nil {
			return f.syntaxError(err)
		}
		if err := handle(raw); err != nil {
			return err
		}
	}
	if _, err := f.decoder.Token(); err != nil { // the closing ']'
		return f.syntaxError(err)
	}
	return nil
}

// eachInObject reads an object whose '{' has been read. When it has a
// "content" or "contents" array, the array's elements are the records and the
// other members (page numbers and totals) are ignored. Otherwise the object
// itself is one record, rebuilt from its members.
func (f *feedReader) eachInObject(handle func(raw json.RawMessage) error) error {
	var members bytes.Buffer
	members.WriteByte('{')
	foundPage := false

	for f.decoder.More() {
		keyToken, err := f.decoder.Token()
		if err != nil {
			return f.syntaxError(err)
		}
		key, _ := keyToken.(string)

		if key == "content" || key == "contents" {
			isPage, err := f.readPage(key, handle)
			if err != nil {
				return err
			}
			foundPage = foundPage || isPage
			continue
		}

		var value json.RawMessage
		if err := f.decoder.Decode(&value); err != nil {
			return f.syntaxError(err)
		}
		if key == "total_pages" || key == "totalPages" {
			_ = json.Unmarshal(value, &f.totalPages)
		}
		if key == "services" && bytes.HasPrefix(bytes.TrimSpace(value), []byte("[")) {
			return fmt.Errorf("%w: this is an organisation record with its services nested; import a /services feed instead", ErrInvalidFeed)
		}
		if members.Len() > 1 {
			members.WriteByte(',')
		}
		keyJSON, _ := json.Marshal(key)
		members.Write(keyJSON)
		members.WriteByte(':')
		members.Write(value)
	}
	if _, err := f.decoder.Token(); err != nil { // the closing '}'
		return f.syntaxError(err)
	}
	members.WriteByte('}')

	if foundPage {
		return nil
	}
	var record struct {
		ID   *json.RawMessage `json:"id"`
		Name *json.RawMessage `json:"name"`
	}
	if err := json.Unmarshal(members.Bytes(), &record); err != nil || (record.ID == nil && record.Name == nil) {
		return fmt.Errorf("%w: a JSON object with neither a page of services (content or contents) nor the id and name of a service; "+
			"give an ORUK /services feed, a list of services or one service record", ErrInvalidFeed)
	}
	f.setFormat(formatSingle)
	return handle(members.Bytes())
}

// readPage reads the value of a "content" or "contents" member. An array is
// the page's records; a scalar is ignored, because no service record has a
// member of that name.
func (f *feedReader) readPage(key string, handle func(raw json.RawMessage) error) (bool, error) {
	token, err := f.decoder.Token()
	if err != nil {
		return false, f.syntaxError(err)
	}
	switch token {
	case json.Delim('['):
		f.setFormat(map[string]string{"content": formatPage10, "contents": formatPage30}[key])
		return true, f.eachInArray(handle)
	case json.Delim('{'):
		return false, fmt.Errorf("%w: %q is an object; expected the array of service records", ErrInvalidFeed, key)
	}
	return false, nil
}

// setFormat records the first container format seen.
func (f *feedReader) setFormat(format string) {
	if f.format == formatUnknown {
		f.format = format
	}
}

func (f *feedReader) syntaxError(err error) error {
	return fmt.Errorf("%w: the input stops being valid JSON near byte %d: %v", ErrInvalidFeed, f.decoder.InputOffset(), err)
}
