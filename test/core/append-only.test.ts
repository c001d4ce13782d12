// The append-only check of `check --base`: following lines through hunks, aligning REV's rows with today's, and
// judging each added row by the lock of its time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignRows, BASE, checkHistory, lineCount, patchLines, type BaseCheck, type Hunk, type SourceRow } from '../../src/core/append-only.js';
import type { LocalDate } from '../../src/core/date.js';

const rows = (...texts: string[]): SourceRow[] => texts.map((t, i) => ({ line: i + 2, fields: t.split(',') }));
const d = (s: string): LocalDate => s as LocalDate;
const HEADER = 'date,invoice,status,reason\n';

function base(over: Partial<BaseCheck> = {}): BaseCheck {
  return { rev: 'main', revLock: null, startLock: null, states: [{ commit: null, lock: null }], lockLine: 1, journals: [], ...over };
}

function disputes(baseText: string, nowText: string, origins: number[]): BaseCheck['journals'][number] {
  const parse = (t: string): SourceRow[] => t.split('\n').slice(1).filter(Boolean).map((l, i) => ({ line: i + 2, fields: l.split(',') }));
  return { file: 'disputes.csv', baseRows: () => parse(baseText), baseText, now: parse(nowText), nowText, origins };
}

describe('patchLines', () => {
  it('appends in place and replaces in the middle', () => {
    expect(patchLines([1, 2], [{ oldStart: 2, oldCount: 0, added: ['x', 'y'], same: 0 }], () => 9)).toEqual([1, 2, 9, 9]);
    expect(patchLines([1, 2, 3], [{ oldStart: 1, oldCount: 1, added: ['x', 'y'], same: 0 }], () => 9)).toEqual([1, 9, 9, 3]);
    // A line that only gained a newline keeps where it came from.
    expect(patchLines([1, 2], [{ oldStart: 1, oldCount: 1, added: ['b', 'c'], same: 1 }], (_h, _i, prior) => prior ?? 9)).toEqual([1, 2, 9]);
  });

  it('equals applying each hunk from the end with splice', () => {
    const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 3 }), add: fc.array(fc.string({ maxLength: 3 }), { maxLength: 3 }) });
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 12 }), fc.array(edit, { maxLength: 4 }), (old, edits) => {
      // Non-overlapping hunks in order, as a diff lists them.
      const hunks: Hunk[] = [];
      let pos = 0;
      for (const e of edits) {
        const start = pos + (e.at % 3);
        if (start > old.length) break;
        const count = Math.min(e.del, old.length - start);
        hunks.push({ oldStart: start, oldCount: count, added: e.add, same: 0 });
        pos = start + count + 1;
      }
      const expected = [...old];
      for (const h of [...hunks].reverse()) expected.splice(h.oldStart, h.oldCount, ...h.added);
      expect(patchLines([...old], hunks, (h, i) => h.added[i]!)).toEqual(expected);
    }));
  });
});

describe('alignRows', () => {
  it('rows appended after REV are added, nothing lost', () => {
    fc.assert(fc.property(fc.array(fc.string(), { maxLength: 20 }), fc.array(fc.string(), { maxLength: 20 }), (was, more) => {
      const a = alignRows(rows(...was), rows(...was, ...more));
      expect(a.lost).toEqual([]);
      expect(a.moved).toEqual([]);
      expect(a.added.map((x) => x.now)).toEqual(more.map((_, i) => was.length + i));
      expect(a.added.every((x) => !x.inserted)).toBe(true);
    }));
  });

  it('one row of REV deleted: only that row is reported, the rows after it are not taken for moved', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string(), { minLength: 1, maxLength: 30 }), fc.nat(), (was, at) => {
      const i = at % was.length;
      const now = was.filter((_, k) => k !== i);
      const a = alignRows(rows(...was), rows(...now));
      expect(a.lost.map((l) => l.base)).toEqual([i]);
      expect(a.moved).toEqual([]);
      expect(a.added).toEqual([]);
    }));
  });

  it('a swap is one move; an edit is one lost row with its replacement; an insertion is out of place', () => {
    expect(alignRows(rows('a', 'b', 'c'), rows('b', 'a', 'c')).moved).toHaveLength(1);
    expect(alignRows(rows('a', 'b', 'c'), rows('a', 'B', 'c'))).toEqual({ lost: [{ base: 1, at: 1 }], moved: [], added: [] });
    expect(alignRows(rows('a', 'b'), rows('a', 'x', 'b', 'y')).added).toEqual([{ now: 1, inserted: true }, { now: 3, inserted: false }]);
  });
});

describe('checkHistory', () => {
  it('counts lines as git does', () => {
    expect([lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb')]).toEqual([0, 1, 1, 2]);
  });

  it('a row is judged by the lock before its own commit, not by today\'s', () => {
    const baseText = HEADER;
    const nowText = `${HEADER}2026-10-20,INV-1,open,x\n2026-10-25,INV-1,resolved,y\n`;
    const issues = checkHistory(base({
      states: [{ commit: 'aaaaaaa1', lock: null }, { commit: 'bbbbbbb2', lock: d('2026-10-31') }, { commit: 'ccccccc3', lock: d('2026-10-31') }, { commit: null, lock: d('2026-10-31') }],
      journals: [disputes(baseText, nowText, [BASE, 0, 2])],
    }));
    expect(issues.map((i) => `${i.file}:${i.line}: ${i.message}`)).toEqual([
      'disputes.csv:3: row added since main in commit ccccccc is dated 2026-10-25, on or before lock_date 2026-10-31 in force before that commit',
    ]);
  });

  it('each step that takes lock_date back is reported, and REV\'s lock still holds', () => {
    const issues = checkHistory(base({
      revLock: d('2026-10-31'), startLock: d('2026-10-31'), lockLine: 7,
      states: [{ commit: 'aaaaaaa1', lock: null }, { commit: 'bbbbbbb2', lock: d('2026-09-30') }, { commit: null, lock: d('2026-08-31') }],
      journals: [disputes(HEADER, `${HEADER}2026-10-01,INV-1,open,x\n`, [BASE, 1])],
    }));
    expect(issues.map((i) => `${i.file}:${i.line}: ${i.message}`)).toEqual([
      'ledger.yaml:7: lock_date 2026-10-31 was removed in commit aaaaaaa, since main',
      'ledger.yaml:7: lock_date moved back from 2026-09-30 to 2026-08-31 in the working tree (not yet committed), since main',
      'disputes.csv:2: row added since main in commit bbbbbbb is dated 2026-10-01, on or before lock_date 2026-10-31 of main',
    ]);
  });
});
