// A shell command on screen lines that still paste as one command: every line but the last ends
// in a backslash (the shell's line continuation), a line breaks at a blank outside quotes where
// it can, and inside single quotes (where a backslash is literal) the quote is closed before the
// break and opened again after it. Copied with the mouse, the lines are the command itself.
export function shellRows(command: string, width: number): string[] {
	// Room for the widest ending: `'\` after a break inside single quotes.
	const room = Math.max(8, width - 2);
	const chars = Array.from(command);
	const rows: string[] = [];
	let row = '';
	let length = 0;
	let quote: "'" | '"' | null = null;
	/** In `row`: the end of the last blank outside quotes, and the quote state there. */
	let blankAt = -1;
	let escaped = false;
	for (let i = 0; i < chars.length; i++) {
		const ch = chars[i]!;
		if (length >= room) {
			if (blankAt > room / 3) {
				// Break after the blank: the rest of the row goes to the next one.
				const rest = row.slice(blankAt);
				rows.push(`${row.slice(0, blankAt)}\\`);
				row = rest;
				length = Array.from(rest).length;
			} else if (!escaped) {
				// No blank in reach: break inside the word, the quote closed and opened again.
				rows.push(quote === "'" ? `${row}'\\` : `${row}\\`);
				row = quote === "'" ? "'" : '';
				length = Array.from(row).length;
			}
			blankAt = -1;
		}
		row += ch;
		length++;
		if (escaped) escaped = false;
		else if (quote === "'") {
			if (ch === "'") quote = null;
		} else if (ch === '\\') escaped = true;
		else if (quote === '"') {
			if (ch === '"') quote = null;
		} else if (ch === "'" || ch === '"') quote = ch;
		else if (ch === ' ') blankAt = row.length;
	}
	rows.push(row);
	return rows;
}
