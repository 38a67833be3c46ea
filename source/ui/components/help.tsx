// The help overlay: the keys, and what every glyph means (the matrix reads without colour too).
import type {BandRule} from '../../matrix/bands.js';
import {cellLooks, stepLooks, type Look} from '../../matrix/glyphs.js';
import {cutLook} from './matrix-pane.js';
import {stalledLook} from './stall.js';
import {Lines, type Segment} from './text.js';
import {wrapLine} from './wrap.js';

const keys: Array<[string, string]> = [
	['p', 'pause at the next safe point (the running task finishes first)'],
	['r', 'resume a paused or failed run'],
	['R', 'after a failure on some hosts: retry the failed step on those hosts only'],
	['a', 'abort the running step now (asks first)'],
	['q', 'quit the viewer; the run goes on (attach to come back)'],
	['↑↓←→ hjkl', 'move over the plan or the matrix (PgUp/PgDn: 10 rows)'],
	['tab', 'switch between the plan and the matrix'],
	['⏎', 'plan: show that step · matrix: the cell in full'],
	['n N · / x', 'next/previous failure · hosts or tasks by name · only problems'],
	['esc / f', 'close · back to following the running task (f: and step)'],
	['g · b', 'fold hosts alike when they do not fit · one column per band'],
	['B', 'bands: inventory group, name prefix, none'],
	['L', "the step's ansible log"],
	['H', 'after a failure or an abort: the commands to go on by hand (↑↓ choose, y copy)'],
];

/** Glyph-and-word entries packed into as many lines as the width needs. */
function legend(looks: Array<Look & {inverse?: boolean}>, width: number): Segment[][] {
	const out: Segment[][] = [];
	let line: Segment[] = [];
	let used = 2;
	for (const l of looks) {
		const size = l.word.length + 5;
		if (line.length > 0 && used + size > width) {
			out.push(line);
			line = [];
			used = 2;
		}
		if (line.length === 0) line.push({text: '  '});
		line.push({text: l.glyph === ' ' ? '␣' : l.glyph, color: l.color, dim: l.dim, inverse: l.inverse === true}, {text: ` ${l.word}   `});
		used += size;
	}
	if (line.length > 0) out.push(line);
	return out;
}

const ruleNames: Record<BandRule, string> = {group: 'inventory group', prefix: 'name prefix', none: 'none'};

/** Every line of the help, wrapped to the width (a key's words continue under its words); B says the band rule in force. */
export function helpLines(width: number, bandRule: BandRule = 'group'): Segment[][] {
	const lines: Segment[][] = [[{text: 'KEYS', bold: true}]];
	for (const [key, what] of keys) lines.push(...wrapLine([{text: `  ${key.padEnd(11)}`, bold: true}, {text: key === 'B' ? `${what} (now: ${ruleNames[bandRule]})` : what}], width, 13));
	lines.push([], [{text: 'MATRIX', bold: true}], ...legend([...Object.values(cellLooks), cutLook, stalledLook], width));
	lines.push([], [{text: 'STEPS', bold: true}], ...legend(Object.values(stepLooks), width));
	return lines;
}

/** The help in `height` lines: scrolled by `scroll` when it does not fit, saying so on its first line. */
export function helpViewLines(width: number, height: number, scroll = 0, bandRule: BandRule = 'group'): Segment[][] {
	const all = helpLines(width, bandRule);
	if (all.length <= height) return all;
	const room = Math.max(1, height - 1);
	const from = Math.max(0, Math.min(scroll, all.length - room));
	const title: Segment[] = [{text: 'HELP ', bold: true}, {text: `lines ${from + 1}-${Math.min(all.length, from + room)} of ${all.length}  ↑↓ scroll · esc close`, dim: true}];
	return [title, ...all.slice(from, from + room)];
}

export function Help({width, height, scroll = 0, bandRule = 'group'}: {width: number; height: number; scroll?: number; bandRule?: BandRule}) {
	return <Lines lines={helpViewLines(width, height, scroll, bandRule)} width={width} height={height} />;
}
