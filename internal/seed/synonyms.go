package seed

import (
	"context"
	"fmt"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/ent/searchsynonym"
)

// synonymGroup is a seeded search synonym group.
type synonymGroup struct {
	Key   string
	Terms []string
}

// referenceSynonyms are the SEND abbreviations and alternative names that
// search expands a query with. A group contains only words and phrases that
// mean the same thing in a search, because search treats any one of them as
// all of them. So a broader or narrower term gets its own group: specific
// learning difficulties are not only dyslexia, and CAMHS is not all mental
// health support. Terms are lower case and without punctuation other than
// apostrophes.
//
// Some abbreviations are left out on purpose because they are everyday words
// or stand for something else too: "add" (attention deficit disorder), "hi"
// (hearing impairment), "cp" (cerebral palsy, but also child protection) and
// "ld" (learning disability).
var referenceSynonyms = []synonymGroup{
	{Key: "autism", Terms: []string{"autism", "autistic", "asd", "asc", "autism spectrum disorder", "autistic spectrum disorder", "autism spectrum condition", "autistic spectrum condition", "aspergers", "asperger's", "asperger syndrome", "asperger's syndrome"}},
	{Key: "adhd", Terms: []string{"adhd", "attention deficit hyperactivity disorder", "attention deficit disorder", "attention deficit"}},
	{Key: "pda", Terms: []string{"pda", "pathological demand avoidance", "extreme demand avoidance", "persistent drive for autonomy"}},
	{Key: "semh", Terms: []string{"semh", "social emotional and mental health"}},
	{Key: "mental-health", Terms: []string{"mental health", "emotional wellbeing", "emotional health", "mental wellbeing"}},
	{Key: "camhs", Terms: []string{"camhs", "child and adolescent mental health service", "child and adolescent mental health services"}},
	{Key: "slcn", Terms: []string{"slcn", "speech language and communication needs", "speech language and communication", "speech and language needs", "speech and language difficulties", "speech and language"}},
	{Key: "speech-and-language-therapy", Terms: []string{"speech and language therapy", "speech therapy", "salt", "slt", "speech and language therapist", "speech therapist"}},
	{Key: "dyslexia", Terms: []string{"dyslexia", "dyslexic"}},
	{Key: "spld", Terms: []string{"spld", "specific learning difficulty", "specific learning difficulties"}},
	{Key: "dyscalculia", Terms: []string{"dyscalculia", "dyscalculic"}},
	{Key: "dyspraxia", Terms: []string{"dyspraxia", "dyspraxic", "dcd", "developmental coordination disorder", "developmental co-ordination disorder"}},
	{Key: "mld", Terms: []string{"mld", "moderate learning difficulty", "moderate learning difficulties"}},
	{Key: "sld", Terms: []string{"sld", "severe learning difficulty", "severe learning difficulties"}},
	{Key: "pmld", Terms: []string{"pmld", "profound and multiple learning difficulties", "profound and multiple learning disabilities"}},
	{Key: "learning-disability", Terms: []string{"learning disability", "learning disabilities", "intellectual disability", "intellectual disabilities"}},
	{Key: "send", Terms: []string{"send", "sen", "special educational needs", "special educational needs and disabilities", "special educational needs and disability"}},
	{Key: "senco", Terms: []string{"senco", "sendco", "special educational needs coordinator", "special educational needs co-ordinator"}},
	{Key: "ehcp", Terms: []string{"ehcp", "ehc plan", "education health and care plan"}},
	{Key: "ehc-needs-assessment", Terms: []string{"ehc needs assessment", "ehcna", "education health and care needs assessment", "statutory assessment"}},
	{Key: "sendiass", Terms: []string{"sendiass", "sendias", "iass", "information advice and support service", "parent partnership"}},
	{Key: "hearing-impairment", Terms: []string{"hearing impairment", "hearing impaired", "hearing loss", "deaf", "deafness", "hard of hearing"}},
	{Key: "visual-impairment", Terms: []string{"visual impairment", "vision impairment", "visually impaired", "sight loss", "partially sighted", "blind", "blindness"}},
	{Key: "multi-sensory-impairment", Terms: []string{"multi-sensory impairment", "msi", "deafblind", "deafblindness"}},
	{Key: "physical-disability", Terms: []string{"physical disability", "physical disabilities", "physically disabled"}},
	{Key: "downs-syndrome", Terms: []string{"down's syndrome", "downs syndrome", "down syndrome", "trisomy 21"}},
	{Key: "short-breaks", Terms: []string{"short breaks", "short break", "respite", "respite care"}},
	{Key: "personal-budget", Terms: []string{"personal budget", "personal budgets"}},
	{Key: "preparing-for-adulthood", Terms: []string{"preparing for adulthood", "pfa"}},
	{Key: "occupational-therapy", Terms: []string{"occupational therapy", "occupational therapist", "ot"}},
	{Key: "physiotherapy", Terms: []string{"physiotherapy", "physiotherapist", "physio"}},
	{Key: "bsl", Terms: []string{"bsl", "british sign language"}},
	{Key: "school-transport", Terms: []string{"school transport", "home to school transport", "send transport"}},
	{Key: "epilepsy", Terms: []string{"epilepsy", "epileptic"}},
}

// ensureSynonyms creates the synonym groups whose key is missing. An existing
// group keeps its terms, which LO officers may have extended.
func ensureSynonyms(ctx context.Context, client *ent.Client) error {
	existing, err := client.SearchSynonym.Query().
		Select(searchsynonym.FieldKey).
		Strings(ctx)
	if err != nil {
		return fmt.Errorf("load search synonym keys: %w", err)
	}
	present := make(map[string]bool, len(existing))
	for _, key := range existing {
		present[key] = true
	}

	for _, group := range referenceSynonyms {
		if present[group.Key] {
			continue
		}
		err := client.SearchSynonym.Create().
			SetKey(group.Key).
			SetTerms(group.Terms).
			Exec(ctx)
		if err != nil {
			return fmt.Errorf("create search synonym group %s: %w", group.Key, err)
		}
	}
	return nil
}
