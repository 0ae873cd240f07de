// Package authz decides what each caller may do, from the Casbin model and
// policy in policies/. It knows nothing of ent or GraphQL: the privacy rules
// in internal/authz/entrule turn its scopes into SQL filters, and the domain
// packages ask it about writes.
package authz

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/casbin/casbin/v2"
	"github.com/casbin/casbin/v2/model"
	stringadapter "github.com/casbin/casbin/v2/persist/string-adapter"

	"github.com/localoffer/localoffer/policies"
)

// Role is who the caller is, as the policy sees them.
type Role string

const (
	RoleAnonymous Role = "anonymous"
	// RoleApplicant is a provider whose sign-up awaits an LO officer.
	RoleApplicant Role = "applicant"
	RoleProvider  Role = "provider"
	RoleLOOfficer Role = "lo_officer"
	RoleLOAdmin   Role = "lo_admin"
	// RolePartner is a partner website calling with an API key.
	RolePartner Role = "partner"
)

// Roles lists every role.
var Roles = []Role{RoleAnonymous, RoleApplicant, RoleProvider, RoleLOOfficer, RoleLOAdmin, RolePartner}

// Relation is how the caller stands to one record.
type Relation string

const (
	// RelationPublic: the record is published content.
	RelationPublic Relation = "public"
	// RelationSelf: the record is the caller's own account, application or report.
	RelationSelf           Relation = "self"
	RelationLead           Relation = "lead"
	RelationContentManager Relation = "content_manager"
	RelationCommissioner   Relation = "commissioner"
	// RelationColleague: the record is an account that shares content with the caller.
	RelationColleague Relation = "colleague"
	// RelationResponsible: the record is feedback circulated to the caller,
	// as an owner or commissioner of its content or as the commissioner
	// named responsible, or the answer to such feedback.
	RelationResponsible Relation = "responsible"
	// RelationNone: none of the above.
	RelationNone Relation = "none"
)

// Scope is a set of records of one type that a role may act on.
type Scope string

const (
	ScopePublished    Scope = "published"
	ScopeOwn          Scope = "own"
	ScopeManaged      Scope = "managed"
	ScopeLed          Scope = "led"
	ScopeCommissioned Scope = "commissioned"
	ScopeColleagues   Scope = "colleagues"
	ScopeCirculated   Scope = "circulated"
	ScopeAll          Scope = "all"
)

// Record types and actions named in the policy.
const (
	TypeService             = "service"
	TypeInformationPage     = "information_page"
	TypeOrganization        = "organization"
	TypeLocation            = "location"
	TypeContact             = "contact"
	TypeSchedule            = "schedule"
	TypeCostOption          = "cost_option"
	TypeEducationDetails    = "education_details"
	TypeTaxonomy            = "taxonomy"
	TypeTaxonomyTerm        = "taxonomy_term"
	TypeUser                = "user"
	TypeProviderApplication = "provider_application"
	TypeOwnershipReport     = "ownership_report"
	TypeAPIKey              = "api_key"
	TypeAuditEvent          = "audit_event"
	TypeNotification        = "notification"
	TypeChangeRequest       = "change_request"
	TypeRevision            = "revision"
	TypeReviewRecord        = "review_record"
	TypeCycleReview         = "cycle_review"
	TypeAmendmentFlag       = "amendment_flag"
	TypeReviewCycle         = "review_cycle"
	TypeBankHoliday         = "bank_holiday"
	TypeSLAVersion          = "sla_version"
	TypeSLAAcceptance       = "sla_acceptance"
	TypeFeedback            = "feedback"
	TypeFeedbackContact     = "feedback_contact"
	TypeFeedbackResponse    = "feedback_response"
	TypeEngagementActivity  = "engagement_activity"
	TypeAnnualReport        = "annual_report"
	// TypePersonalData is every record that holds a data subject's
	// personal data, for subject access requests and redaction.
	TypePersonalData = "personal_data"

	ActionRead                  = "read"
	ActionCreate                = "create"
	ActionUpdate                = "update"
	ActionRemove                = "remove"
	ActionTransfer              = "transfer"
	ActionManageContentManagers = "manage_content_managers"
	ActionReportOwnership       = "report_ownership"
	ActionInvite                = "invite"
	ActionChangeRole            = "change_role"
	ActionDecide                = "decide"
	ActionResolve               = "resolve"
	ActionRevoke                = "revoke"
	// ActionApprove publishes a change to content: approving or rejecting
	// change requests, and editing without moderation.
	ActionApprove = "approve"
	// ActionRestore publishes an earlier revision of content again.
	ActionRestore = "restore"
	// ActionFlag marks content as needing amendments.
	ActionFlag = "flag"
	// ActionRecordReview records a provider's review made by another
	// route, on their behalf.
	ActionRecordReview = "record_review"
	// ActionCirculate sends feedback to its responsible party.
	ActionCirculate = "circulate"
	// ActionSignOff records a step of an annual report's sign-off.
	ActionSignOff = "sign_off"
	// ActionPublish makes an annual report readable by anyone.
	ActionPublish = "publish"
	// ActionRedact removes a data subject's personal data in place.
	ActionRedact = "redact"
	// ActionExport exports a data subject's personal data.
	ActionExport = "export"
)

// Authorizer answers permission questions from a loaded model and policy.
type Authorizer struct {
	enforcer *casbin.Enforcer
	// scopes caches the read-side answer per role, type and action, which
	// every query needs.
	scopes map[scopeKey][]Scope
}

type scopeKey struct {
	role        Role
	typ, action string
}

// NewDefault loads the model and policy embedded from policies/.
func NewDefault() (*Authorizer, error) {
	return New(policies.Model, policies.Policy)
}

// LoadDir loads model.conf and policy.csv from dir, to override the defaults.
func LoadDir(dir string) (*Authorizer, error) {
	modelText, err := os.ReadFile(filepath.Join(dir, "model.conf"))
	if err != nil {
		return nil, fmt.Errorf("read Casbin model: %w", err)
	}
	policyText, err := os.ReadFile(filepath.Join(dir, "policy.csv"))
	if err != nil {
		return nil, fmt.Errorf("read Casbin policy: %w", err)
	}
	return New(string(modelText), string(policyText))
}

// New loads a Casbin model and policy given as text.
func New(modelText, policyText string) (*Authorizer, error) {
	if err := validatePolicyText(policyText); err != nil {
		return nil, err
	}
	m, err := model.NewModelFromString(modelText)
	if err != nil {
		return nil, fmt.Errorf("parse Casbin model: %w", err)
	}
	enforcer, err := casbin.NewEnforcer(m, stringadapter.NewAdapter(policyText))
	if err != nil {
		return nil, fmt.Errorf("load Casbin policy: %w", err)
	}
	a := &Authorizer{enforcer: enforcer, scopes: map[scopeKey][]Scope{}}
	if err := a.cacheScopes(); err != nil {
		return nil, err
	}
	return a, nil
}

// validatePolicyText checks each line's field count, because Casbin drops a
// line with the wrong number of fields without a word, which would silently
// take a right away.
func validatePolicyText(policyText string) error {
	want := map[string]int{"p": 5, "g": 3, "g2": 3}
	for number, line := range strings.Split(policyText, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, ",")
		n, known := want[strings.TrimSpace(fields[0])]
		if !known {
			return fmt.Errorf("policy line %d: unknown kind %q; use p, g or g2", number+1, fields[0])
		}
		if len(fields) != n {
			return fmt.Errorf("policy line %d: %q has %d fields, want %d", number+1, line, len(fields), n)
		}
		for _, field := range fields {
			if strings.TrimSpace(field) == "" {
				return fmt.Errorf("policy line %d: %q has an empty field", number+1, line)
			}
		}
	}
	return nil
}

// cacheScopes computes, for every role, type and action in the policy, the
// scopes the role holds directly or through the roles it inherits.
func (a *Authorizer) cacheScopes() error {
	lines, err := a.enforcer.GetPolicy()
	if err != nil {
		return fmt.Errorf("read Casbin policy: %w", err)
	}
	for _, role := range Roles {
		inherited, err := a.rolesOf(role)
		if err != nil {
			return err
		}
		for _, line := range lines {
			if len(line) != 4 || slices.Contains(line, "") {
				return fmt.Errorf("invalid policy line %v: want role, type, action, scope", line)
			}
			if !slices.Contains(inherited, Role(line[0])) {
				continue
			}
			key := scopeKey{role: role, typ: line[1], action: line[2]}
			if !slices.Contains(a.scopes[key], Scope(line[3])) {
				a.scopes[key] = append(a.scopes[key], Scope(line[3]))
			}
		}
	}
	for key := range a.scopes {
		sort.Slice(a.scopes[key], func(i, j int) bool { return a.scopes[key][i] < a.scopes[key][j] })
	}
	return nil
}

// rolesOf returns role and every role it inherits through g2 lines.
func (a *Authorizer) rolesOf(role Role) ([]Role, error) {
	roles := []Role{role}
	for i := 0; i < len(roles); i++ {
		parents, err := a.enforcer.GetNamedRoleManager("g2").GetRoles(string(roles[i]))
		if err != nil {
			return nil, fmt.Errorf("read role inheritance of %s: %w", roles[i], err)
		}
		for _, parent := range parents {
			if !slices.Contains(roles, Role(parent)) {
				roles = append(roles, Role(parent))
			}
		}
	}
	return roles, nil
}

// Scopes returns the scopes in which role may perform action on records of
// typ; none means the role may not at all.
func (a *Authorizer) Scopes(role Role, typ, action string) []Scope {
	return a.scopes[scopeKey{role: role, typ: typ, action: action}]
}

// Allowed reports whether role may perform action on a record of typ to
// which the caller has any of the given relations.
func (a *Authorizer) Allowed(role Role, typ, action string, relations ...Relation) bool {
	if len(relations) == 0 {
		relations = []Relation{RelationNone}
	}
	for _, relation := range relations {
		ok, err := a.enforcer.Enforce(string(role), string(relation), typ, action)
		if err == nil && ok {
			return true
		}
	}
	return false
}

// ErrDenied is returned, wrapped, by Check when the policy refuses an action.
var ErrDenied = errors.New("permission denied")

// Check returns ErrDenied, wrapped with what was refused, unless Allowed.
func (a *Authorizer) Check(role Role, typ, action string, relations ...Relation) error {
	if a.Allowed(role, typ, action, relations...) {
		return nil
	}
	return fmt.Errorf("%s may not %s this %s: %w", role, action, typ, ErrDenied)
}
