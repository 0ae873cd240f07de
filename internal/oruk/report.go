package oruk

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteText writes the report for a person reading a terminal: the counts,
// then every rejected record with its reason, then every warning.
func (r *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "ORUK import from %q (%s)\n", r.Source, r.Format)

	counts := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(counts, "  records read\t%d\t\n", r.Records)
	fmt.Fprintf(counts, "  services created\t%d\t\n", r.Created)
	fmt.Fprintf(counts, "  services updated\t%d\t\n", r.Updated)
	fmt.Fprintf(counts, "  services unchanged\t%d\t\n", r.Unchanged)
	fmt.Fprintf(counts, "  services changed locally\t%d\t\n", r.ChangedLocally)
	fmt.Fprintf(counts, "  records rejected\t%d\t\n", r.Rejected)
	fmt.Fprintf(counts, "  organisations created\t%d\t\n", r.OrganizationsCreated)
	fmt.Fprintf(counts, "  organisations updated\t%d\t\n", r.OrganizationsUpdated)
	counts.Flush()

	if len(r.Rejections) > 0 {
		fmt.Fprintf(w, "\nRejected records (%d):\n", len(r.Rejections))
		for _, rej := range r.Rejections {
			fmt.Fprintf(w, "  %s %s: %s\n", displayID(rej.ID), displayName(rej.Name), rej.Reason)
		}
	}
	if len(r.LocalChanges) > 0 {
		fmt.Fprintf(w, "\nChanged locally since the last import, so the feed's version was not applied (%d):\n", len(r.LocalChanges))
		for _, c := range r.LocalChanges {
			fmt.Fprintf(w, "  %s %s: service %s\n", displayID(c.ID), displayName(c.Name), c.ServiceID)
		}
	}
	if len(r.Warnings) > 0 {
		fmt.Fprintf(w, "\nWarnings (%d), about values not stored or changed:\n", len(r.Warnings))
		for _, warning := range r.Warnings {
			fmt.Fprintf(w, "  %s %s: %s\n", displayID(warning.ID), displayName(warning.Name), warning.Message)
		}
	}
}

func displayID(id string) string {
	if id == "" {
		return "(no id)"
	}
	return id
}

func displayName(name string) string {
	if name == "" {
		return "(no name)"
	}
	return fmt.Sprintf("%q", name)
}
