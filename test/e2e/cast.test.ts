// `replay PATH --cast FILE`: an asciicast v2 file of the viewer's frames, made without a terminal,
// the same for the same input, played by the real asciinema, and with the frames the viewer
// shows in a real terminal (tmux) for the same replay.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import stripAnsi from 'strip-ansi';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {describeTmux, screenLines, terminalSuite} from '../helpers/tmux.js';

const recording = fileURLToPath(new URL('../../fixtures/events/fails.jsonl', import.meta.url));
const env = (): Record<string, string | undefined> => {
	const out: Record<string, string | undefined> = {...process.env};
	delete out['NO_COLOR'];
	delete out['FORCE_COLOR'];
	return out;
};

interface Cast {
	header: {version: number; width: number; height: number};
	events: Array<[number, string, string]>;
}

function readCast(path: string): Cast {
	const [head, ...rest] = readFileSync(path, 'utf8').trim().split('\n');
	return {header: JSON.parse(head!) as Cast['header'], events: rest.map((line) => JSON.parse(line) as [number, string, string])};
}

/** The screen a frame leaves: its text after the home-and-clear, without colours, line by line. */
const frameLines = (output: string): string[] => screenLines(stripAnsi(output.replace('\u001b[H\u001b[2J', '')).replaceAll('\r\n', '\n'));

describe('replay --cast', () => {
	it('writes an asciicast v2 file with the recording\'s times, the same file for the same input', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cast-'));
		const one = await runCli(['replay', recording, '--cast', join(dir, 'a.cast'), '--size', '100x30'], env());
		expect(one.code, one.stderr).toBe(0);
		expect(one.stdout).toMatch(/wrote .*a\.cast: \d+ frames, [\d.]+ s at 100x30\. Play it with: asciinema play /);
		const cast = readCast(join(dir, 'a.cast'));
		expect(cast.header).toMatchObject({version: 2, width: 100, height: 30});
		const times = cast.events.map(([t]) => t);
		expect(times).toEqual([...times].sort((a, b) => a - b));
		// fails.jsonl spans about a second: the cast's clock is the recording's, not the machine's.
		expect(times.at(-1)).toBeGreaterThan(0.5);
		expect(times.at(-1)).toBeLessThan(5);
		expect(cast.events.every(([, kind]) => kind === 'o')).toBe(true);
		expect(cast.events[0]![2]).toContain('\u001b[');
		const last = frameLines(cast.events.at(-1)![2]);
		expect(last).toHaveLength(29);
		expect(last[0]).toMatch(/FAILED/);
		expect(last.join('\n')).toContain('the replay has ended');
		const two = await runCli(['replay', recording, '--cast', join(dir, 'b.cast'), '--size', '100x30'], env());
		expect(two.code).toBe(0);
		expect(readFileSync(join(dir, 'b.cast'), 'utf8')).toBe(readFileSync(join(dir, 'a.cast'), 'utf8'));
	});

	it('never writes over a file, and checks --size and the recording before writing anything', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cast-'));
		writeFileSync(join(dir, 'kept.cast'), 'mine');
		const over = await runCli(['replay', recording, '--cast', join(dir, 'kept.cast')], env());
		expect(over.code).toBe(2);
		expect(over.stderr).toContain('exists');
		expect(readFileSync(join(dir, 'kept.cast'), 'utf8')).toBe('mine');
		const size = await runCli(['replay', recording, '--cast', join(dir, 'x.cast'), '--size', '20x5'], env());
		expect(size.code).toBe(2);
		expect(size.stderr).toContain('--size must be COLUMNSxROWS, at least 40x10');
		const missing = await runCli(['replay', join(dir, 'nothing'), '--cast', join(dir, 'y.cast')], env());
		expect(missing.code).toBe(2);
		expect(existsSync(join(dir, 'x.cast')) || existsSync(join(dir, 'y.cast'))).toBe(false);
		// At --speed 0 a cast lasts no time: written (its last frame has uses), with a warning.
		const instant = await runCli(['replay', recording, '--cast', join(dir, 'z.cast'), '--speed', '0'], env());
		expect(instant.code).toBe(0);
		expect(instant.stderr).toContain('warning: --speed 0 plays the replay at once: the cast lasts no time');
		expect(readCast(join(dir, 'z.cast')).events.at(-1)![0]).toBe(0);
		const lone = await runCli(['replay', recording, '--size', '100x30'], env());
		expect(lone.code).toBe(2);
		expect(lone.stderr).toContain('--size goes with --cast');
	});

	it('plays with asciinema', async () => {
		const asciinema = spawnSync('asciinema', ['--version']);
		if (asciinema.error) {
			if (process.env['CI']) expect.fail('asciinema is not installed (bash .ci/run installs it)');
			return;
		}
		const dir = mkdtempSync(join(tmpdir(), 'cast-'));
		expect((await runCli(['replay', recording, '--cast', join(dir, 'a.cast'), '--size', '100x30'], env())).code).toBe(0);
		const played = spawnSync('asciinema', ['play', '-i', '0.1', join(dir, 'a.cast')], {encoding: 'utf8', timeout: 30_000, input: ''});
		expect(played.status, played.stderr).toBe(0);
		expect(stripAnsi(played.stdout)).toContain('the replay has ended');
	});
});

describeTmux('replay --cast against the viewer', () => {
	const t = terminalSuite();

	it('its last frame is the screen the viewer shows at the end of the same replay (the clock aside)', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'cast-'));
		expect((await runCli(['replay', recording, '--cast', join(dir, 'a.cast'), '--size', '100x30', '--speed', '0'], env())).code).toBe(0);
		const castEnd = frameLines(readCast(join(dir, 'a.cast')).events.at(-1)![2]);
		const term = t.open(['replay', recording, '--speed', '0'], {env: env(), width: 100, height: 30});
		const screen = await term.waitFor('the replay has ended', 'the end of the replay');
		const shown = screenLines(screen);
		// The header holds the elapsed time: the viewer's is the machine's, the cast's the recording's.
		const clockless = (line: string) => line.replace(/\d+(\.\d+)?s|\d+m\d+s/g, 'T');
		expect(shown.slice(0, 29).map(clockless)).toEqual(castEnd.map(clockless));
	});
});

describeTmux('the live viewer\'s colours in a real terminal', () => {
	const t = terminalSuite();

	it('draws colours, and none with NO_COLOR set (bold and inverse stay)', async () => {
		const colored = t.open(['replay', recording, '--speed', '0'], {env: env(), width: 100, height: 30});
		await colored.waitFor('the replay has ended', 'the end of the replay');
		const styled = colored.screen({styles: true});
		// The failed cell in red (SGR 31), the header's status in bold.
		expect(styled).toMatch(/\u001b\[[0-9;]*31[0-9;]*m/);
		const plain = t.open(['replay', recording, '--speed', '0'], {env: {...env(), NO_COLOR: '1'}, width: 100, height: 30});
		await plain.waitFor('the replay has ended', 'the end of the replay');
		const unstyled = plain.screen({styles: true});
		expect(unstyled).not.toMatch(/\u001b\[(?:[0-9;]*;)?3[0-7](?:;[0-9;]*)?m/);
		expect(unstyled).toMatch(/\u001b\[[0-9;]*1[0-9;]*m/);
		// The same words either way (the clock aside).
		const clockless = (screen: string) => stripAnsi(screen).replace(/\d+(\.\d+)?s|\d+m\d+s/g, 'T');
		expect(clockless(unstyled)).toBe(clockless(styled));
	});
});
