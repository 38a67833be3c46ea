// Wrapping styled lines to a width, whole: nothing is cut. Breaks after a blank when the line has
// one in reach (a path or a word stays whole and can be copied), else at the width.
import {textWidth, type Segment} from './text.js';

interface Char {
	ch: string;
	width: number;
	look: Omit<Segment, 'text'>;
}

function charsOf(line: Segment[]): Char[] {
	return line.flatMap(({text, ...look}) => Array.from(text.replace(/\t/g, '  '), (ch) => ({ch, width: textWidth(ch), look})));
}

function toSegments(chars: Char[]): Segment[] {
	const out: Segment[] = [];
	for (const {ch, look} of chars) {
		const last = out[out.length - 1];
		if (last && last.color === look.color && !last.dim === !look.dim && !last.bold === !look.bold && !last.inverse === !look.inverse) last.text += ch;
		else out.push({...look, text: ch});
	}
	return out;
}

/**
 * One logical line as screen lines of at most `width` columns; lines after the first start with
 * `indent` blanks (so a continuation reads as one). An empty line stays one empty line.
 */
export function wrapLine(line: Segment[], width: number, indent = 0): Segment[][] {
	const chars = charsOf(line);
	if (width <= 0) return [line];
	const lead = Math.min(indent, Math.max(0, width - 10));
	const rows: Segment[][] = [];
	let start = 0;
	let first = true;
	while (start < chars.length || first) {
		const room = first ? width : width - lead;
		let used = 0;
		let end = start;
		let lastBlank = -1;
		while (end < chars.length && used + chars[end]!.width <= room) {
			if (chars[end]!.ch === ' ') lastBlank = end;
			used += chars[end]!.width;
			end++;
		}
		// A blank right at the width is the break itself: it is dropped, not carried over.
		const atBlank = end < chars.length && chars[end]!.ch === ' ';
		// Else break after the last blank, unless that would leave most of the row empty.
		if (end < chars.length && !atBlank && lastBlank > start && lastBlank - start >= room / 3) end = lastBlank + 1;
		if (end === start && start < chars.length) end = start + 1; // a character wider than the room
		const row = toSegments(chars.slice(start, end));
		rows.push(first || lead === 0 ? row : [{text: ' '.repeat(lead)}, ...row]);
		start = atBlank ? end + 1 : end;
		first = false;
	}
	return rows;
}

/** Every line wrapped. */
export function wrapLines(lines: Segment[][], width: number, indent = 0): Segment[][] {
	return lines.flatMap((line) => wrapLine(line, width, indent));
}
