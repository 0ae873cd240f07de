package graph

import (
	"context"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/localoffer/localoffer/ent"
	"github.com/localoffer/localoffer/internal/apperr"
)

// ownTransactionMutations are the mutations that write with the root client
// and open short transactions of their own. A failed sign-in and an audit
// event must survive whatever the mutation returns. Argon2id hashing takes
// tens of milliseconds and must not run while SQLite's only write lock is
// held. An approval that fails on a conflict still asks the author to
// update their draft, and a bulk approval approves each request on its
// own.
var ownTransactionMutations = map[string]bool{
	"approveChangeRequest":  true,
	"approveChangeRequests": true,
	"login":                 true,
	"logout":                true,
	"inviteUser":            true,
	"acceptInvitation":      true,
	"requestPasswordReset":  true,
	"resetPassword":         true,
	"updateUser":            true,
}

// SkipTransaction reports whether entgql.Transactioner, as its SkipTxFunc,
// should run op without the per-mutation transaction: it should when every
// root field of op is one of them. A document that mixes them with other
// mutations gets the transaction, and their resolvers then refuse to run.
func SkipTransaction(op *ast.OperationDefinition) bool {
	for _, selection := range op.SelectionSet {
		field, ok := selection.(*ast.Field)
		if !ok {
			return false
		}
		if !ownTransactionMutations[field.Name] && field.Name != "__typename" {
			return false
		}
	}
	return true
}

// outsideTransaction returns an error when mutation runs inside the
// per-mutation transaction: writing with the root client then would wait on
// SQLite for the lock that transaction holds.
func outsideTransaction(ctx context.Context, mutation string) error {
	if ent.TxFromContext(ctx) == nil {
		return nil
	}
	return apperr.Input(mutation, "send %s in a mutation of its own, or only with the other mutations that run outside a transaction (login, logout, inviteUser, acceptInvitation, requestPasswordReset, resetPassword, updateUser, approveChangeRequest, approveChangeRequests)", mutation)
}
