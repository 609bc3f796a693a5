package workflow

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// cycles creates the cycles of a file that do not exist, and checks that every fresh
// planned wish's cycle exists here or in the file.
func (im *importer) cycles(cs []ImportCycle, fresh []ImportWish) error {
	known := map[string]bool{}
	for _, c := range cs {
		known[c.Cycle.Name] = true
		_, err := im.c.tx.Cycle(c.Cycle.Name)
		if err == nil {
			continue // imported before, or made here: the database's stands
		}
		if KindOf(err) != NotFound {
			return fmt.Errorf("look up cycle %s: %w", c.Cycle.Name, err)
		}
		cy := c.Cycle
		y, m, d := cy.Expected.Date()
		cy.Expected = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		if cy.CreatedAt.IsZero() {
			cy.CreatedAt = im.c.at
		}
		if err := im.c.tx.CreateCycle(cy); err != nil {
			return fmt.Errorf("import line %d: %w", c.Line, err)
		}
	}
	for _, iw := range fresh {
		name := iw.Wish.Cycle
		if name == "" || known[name] {
			continue
		}
		if _, err := im.c.tx.Cycle(name); KindOf(err) == NotFound {
			im.problem(iw.Line, "cycle", "%q is neither in the file nor a cycle here: create it first", name)
		} else if err != nil {
			return fmt.Errorf("look up cycle %s: %w", name, err)
		}
	}
	return nil
}

// addEstimates adds the estimates of the fresh wishes in the source's order (by its
// ids where the file has them), so that an initiative's decided estimate, an id
// threshold, means here what it meant there.
func (im *importer) addEstimates(fresh []ImportWish) error {
	type one struct {
		e   Estimate
		src int64
	}
	var all []one
	for _, iw := range fresh {
		for _, e := range iw.Estimates {
			src := e.ID
			e.ID, e.WishID = 0, im.ids[iw.Key]
			if e.By == "" {
				e.By = DataImported
			}
			if e.At.IsZero() {
				e.At = im.c.at
			}
			all = append(all, one{e, src})
		}
	}
	// The source's ids order them where every one has its id (an export's JSON);
	// else the file's order stands.
	if !slices.ContainsFunc(all, func(x one) bool { return x.src == 0 }) {
		slices.SortFunc(all, func(a, b one) int { return cmp.Compare(a.src, b.src) })
	}
	for _, x := range all {
		id, err := im.c.tx.AddEstimate(x.e)
		if err != nil {
			return err
		}
		if x.src != 0 {
			im.estimates[x.src] = id
		}
	}
	return nil
}

// addInitiatives creates the initiatives of the file over their imported wishes; one
// whose wishes were all imported before was imported with them.
func (im *importer) addInitiatives(ins []ImportInitiative) error {
	for _, in := range ins {
		ini := in.Initiative
		ini.ID, ini.WishIDs = 0, nil
		anyFresh := false
		for _, k := range in.WishKeys {
			anyFresh = anyFresh || im.fresh[k]
			ini.WishIDs = append(ini.WishIDs, im.ids[k])
		}
		if !anyFresh {
			continue
		}
		ini.DecidedEstimate = im.decidedEstimate(in.DecidedEstimate)
		id, err := im.c.tx.CreateInitiative(ini)
		if err != nil {
			return fmt.Errorf("import line %d: %w", in.Line, err)
		}
		ini.ID = id
		if err := im.c.tx.UpdateInitiative(ini); err != nil {
			return fmt.Errorf("import line %d: %w", in.Line, err)
		}
		im.initiatives[in.Key] = id
	}
	return nil
}

// decidedEstimate maps the source's threshold: the newest estimate imported with a
// source id up to it.
func (im *importer) decidedEstimate(src int64) int64 {
	var best, id int64
	for s, n := range im.estimates {
		if s <= src && s > best {
			best, id = s, n
		}
	}
	return id
}
