// How tables meet the terminal, set once per run by main() from the environment and the global options. Kept
// apart from the table code so that setting it loads nothing (`--version` and `--help` stay quick).

export interface TableLayout {
  /** The width to fit, in columns; null: draw every table whole (not a terminal, and no COLUMNS). */
  readonly width: number | null;
  /** Group the thousands of numbers (1,234,567.89); false with --plain or NO_THOUSANDS. */
  readonly thousands: boolean;
}

let layout: TableLayout = { width: null, thousands: true };

export function setTableLayout(l: TableLayout): void {
  layout = l;
}

export function tableLayout(): TableLayout {
  return layout;
}
