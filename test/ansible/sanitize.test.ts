import {describe, expect, it} from 'vitest';
import {sanitize, sanitizeLine} from '../../source/ansible/sanitize.js';

// Every control character a terminal may act on: C0 but tab and newline, DEL, C1.
const anyControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('sanitize', () => {
	it.each([
		['CSI colour codes', '\u001b[31mred\u001b[0m and \u001b[1;32;48;5;200mbold\u001b[m', 'red and bold'],
		['cursor movement, screen clear and hide cursor', '\u001b[2J\u001b[H\u001b[10;20Hmoved\u001b[A\u001b[K\u001b[?25l', 'moved'],
		['an OSC window title ended by BEL', '\u001b]0;evil title\u0007after', 'after'],
		['an OSC 8 hyperlink ended by ST', '\u001b]8;;http://evil.example/\u001b\\click\u001b]8;;\u001b\\ end', 'click end'],
		['a DCS string ended by ST', '\u001bP1$r0m\u001b\\after', 'after'],
		['a bare ESC', 'a\u001b', 'a'],
		['a C1 CSI (\\u009b) sequence', 'x\u009b31my', 'xy'],
		['backspaces that would overwrite shown text', 'ok\b\bFAILED', 'okFAILED'],
		['BEL, NUL, vertical tab, form feed and DEL', 'a\u0007b\u0000c\u000bd\u000ce\u007ff', 'abcdef'],
		['C1 controls such as NEL and ST', 'a\u0085b\u009cc', 'abc'],
	])('removes %s', (_what, input, output) => {
		expect(sanitize(input)).toBe(output);
	});

	it('turns carriage returns into newlines, so text a CR would hide stays visible', () => {
		expect(sanitize('progress 10%\rprogress 100%')).toBe('progress 10%\nprogress 100%');
		expect(sanitize('a\r\nb\r\n')).toBe('a\nb\n');
	});

	it('keeps newlines, tabs and unicode text as they are', () => {
		const text = 'line one\n\tcafé 💾 日本語 — ✓\nZWJ 👩‍💻';
		expect(sanitize(text)).toBe(text);
	});

	it('no control character survives, whatever mix of escapes, controls and text comes in', () => {
		const pieces = ['\u001b', '[', ']', '\u0007', '\u009b', '\u009d', '\\', ';', '31', 'm', 'H', '\r', '\n', '\t', '\b', '\u007f', '\u0085', 'é', '💾', 'x', ' '];
		let seed = 7;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
		for (let round = 0; round < 2000; round++) {
			const input = Array.from({length: Math.floor(random() * 40)}, () => pieces[Math.floor(random() * pieces.length)]!).join('');
			const out = sanitize(input);
			expect(out, JSON.stringify(input)).not.toMatch(anyControl);
			expect(sanitizeLine(input), JSON.stringify(input)).not.toMatch(/[\u0000-\u0008\u000A-\u001F\u007F-\u009F]/);
		}
	});
});

describe('sanitizeLine', () => {
	it('puts the text on one line, marking line breaks, and trims it', () => {
		expect(sanitizeLine('  \u001b[31mfatal\u001b[0m:\n   wsrep not Synced  ')).toBe('fatal: ⏎ wsrep not Synced');
	});

	// Trim before line breaks become " ⏎ ": output ending in "\n" must not leave a dangling "⏎".
	it('a leading or trailing line break leaves no dangling ⏎', () => {
		expect(sanitizeLine('\nwsrep not Synced\r\n')).toBe('wsrep not Synced');
	});

	it('keeps tabs inside a line', () => {
		expect(sanitizeLine('a\tb')).toBe('a\tb');
	});
});

describe('sanitize: bidi and zero-width characters', () => {
	it('shows bidi overrides, embeddings and isolates as <U+XXXX>, so text cannot display reversed', () => {
		expect(sanitize('h\u202egnp.exe')).toBe('h<U+202E>gnp.exe');
		expect(sanitize('a\u202ab\u202bc\u202cd\u202de')).toBe('a<U+202A>b<U+202B>c<U+202C>d<U+202D>e');
		expect(sanitize('\u2066x\u2067y\u2068z\u2069')).toBe('<U+2066>x<U+2067>y<U+2068>z<U+2069>');
	});

	it('shows zero-width spaces, joiners, marks and the BOM', () => {
		expect(sanitize('ad\u200bmin')).toBe('ad<U+200B>min');
		expect(sanitize('a\u200cb\u200dc\u200ed\u200ff\ufeffg')).toBe('a<U+200C>b<U+200D>c<U+200E>d<U+200F>f<U+FEFF>g');
	});

	it('keeps the joiner inside an emoji sequence', () => {
		expect(sanitize('dev 👩‍💻 and 👨🏽‍🚀')).toBe('dev 👩‍💻 and 👨🏽‍🚀');
		expect(sanitize('x\u200d💻')).toBe('x<U+200D>💻');
		expect(sanitize('💻\u200dx')).toBe('💻<U+200D>x');
	});

	it('leaves no bidi or zero-width character in a one-line message either', () => {
		expect(sanitizeLine('task \u202eexe.\ngnp')).toBe('task <U+202E>exe. ⏎ gnp');
	});
});
