package workflow

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"
)

func findFinancing(tx Tx, key string) (string, string, error) {
	forms, err := tx.FinancingForms()
	if err != nil {
		return "", "", fmt.Errorf("load forms of financing: %w", err)
	}
	for _, f := range forms {
		if f.Key == key {
			return f.Key, f.Name, nil
		}
	}
	return "", "", &FieldError{Fields: FieldErrors{"financing": "err.financing.unknown"}}
}

// MaxFinancingName is the longest name of a form of financing: a select option's text.
const MaxFinancingName = 75

// AddFinancing adds a form of financing by its text (secretariat or admins).
func (s *Service) AddFinancing(ctx context.Context, a Actor, name string) (FinancingForm, error) {
	if err := requireRole(a, RoleSecretariat, RoleAdmin); err != nil {
		return FinancingForm{}, err
	}
	name = strings.TrimSpace(name)
	f := FinancingForm{Key: FinancingKey(name), Name: name}
	if f.Key == "" || utf8.RuneCountInString(name) > MaxFinancingName {
		return f, Errorf(Invalid, "err.financing.name", MaxFinancingName)
	}
	err := s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleSecretariat, RoleAdmin); err != nil {
			return err
		}
		if err := c.tx.AddFinancingForm(f); KindOf(err) == Conflict {
			return Errorf(Conflict, "err.financing.exists", f.Key)
		} else if err != nil {
			return fmt.Errorf("add financing %s: %w", f.Key, err)
		}
		_, err := c.record(Event{Kind: EvFinancingAdded, Note: name, Data: map[string]string{"key": f.Key}})
		return err
	})
	return f, err
}

// RemoveFinancing removes a form of financing (secretariat or admins); the last one
// stays, so that the steering group can always approve.
func (s *Service) RemoveFinancing(ctx context.Context, a Actor, key string) error {
	if err := requireRole(a, RoleSecretariat, RoleAdmin); err != nil {
		return err
	}
	return s.atomic(ctx, a, func(c *change) error {
		if err := c.require(RoleSecretariat, RoleAdmin); err != nil {
			return err
		}
		forms, err := c.tx.FinancingForms()
		if err != nil {
			return fmt.Errorf("load forms of financing: %w", err)
		}
		if len(forms) == 1 && forms[0].Key == key {
			return Errorf(Conflict, "err.financing.last")
		}
		ok, err := c.tx.RemoveFinancingForm(key)
		if err != nil {
			return fmt.Errorf("remove financing %s: %w", key, err)
		}
		if !ok {
			return Errorf(NotFound, "err.financing.not_found", key)
		}
		_, err = c.record(Event{Kind: EvFinancingRemoved, Data: map[string]string{"key": key}})
		return err
	})
}

// FinancingForms returns the configured forms of financing.
func (s *Service) FinancingForms(ctx context.Context) ([]FinancingForm, error) {
	var fs []FinancingForm
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		fs, err = tx.FinancingForms()
		return err
	})
	return fs, err
}
