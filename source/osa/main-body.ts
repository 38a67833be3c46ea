// The body of run-upgrade.sh's `main`, checked against the statements the script is known to
// have; any other statement is refused: the driver would not run it. Pure.
import {BACKUP_VARIABLE, templateWords, type OsaBackup} from './backup.js';
import {readItem, WRITE_PLAN, type OsaItem} from './items.js';
import {shown, type Statement} from './statements.js';

export interface Problem {
	line: number;
	message: string;
}

/** The script's own functions main may call. */
export const MAIN_CALLS = ['pre_flight', 'check_for_current', 'create_working_dir', 'select_source_series', 'bootstrap_ansible'] as const;
export type MainCall = (typeof MAIN_CALLS)[number];

export interface MainBody {
	/** The functions called, and where. */
	calls: Map<MainCall, number>;
	/** Line of a direct `"${SCRIPTS_PATH}/bootstrap-ansible.sh"` (older scripts). */
	bootstrapDirect?: number;
	backup: OsaBackup | null;
	unsetsInventory: boolean;
	items: OsaItem[];
}

export interface MainContext {
	src: string;
	lineOf: (offset: number) => number;
	scriptsDir: string;
	target: string;
	problems: Problem[];
}

const LOOP = /^for item in "?\$\{!RUN_TASKS\[@\]\}"?; do$/;
const LOOP_ECHO = /^echo "[^"`$\\]*\$\{RUN_TASKS\[\$item\]\}[^"`$\\]*"$/;
const LOOP_RUN = /^run_lock \$item "\$\{RUN_TASKS\[\$item\]\}"$/;
const PUSHD = /^pushd "?\$\{MAIN_PATH\}\/playbooks"?( > ?\/dev\/null)?$/;
const POPD = /^popd( > ?\/dev\/null)?$/;
const BOOTSTRAP_DIRECT = /^"?\$\{SCRIPTS_PATH\}\/bootstrap-ansible\.sh"?$/;
const BACKUP_IF = /^if \[\[ ! -[ef] "?\$\{source_series_backup_file\}"? \]\]; then$/;

type Phase = 'setup' | 'playbooks' | 'loop' | 'ran' | 'done';

export function readMain(body: Statement[], ctx: MainContext): MainBody {
	const out: MainBody = {calls: new Map(), backup: null, unsetsInventory: false, items: []};
	const problem = (line: number, message: string): void => void ctx.problems.push({line, message});
	let phase: Phase = 'setup';
	let backupPath: string | undefined;
	let backupIf: {line: number; tar?: string[]} | undefined;
	let loopRuns = false;
	const notHere = (s: Statement, what: string): void =>
		problem(s.line, `${what} comes ${phase === 'setup' ? 'before pushd ${MAIN_PATH}/playbooks' : 'after the RUN_TASKS items begin'}; ansible-driver reads run-upgrade.sh in its usual order (setup, pushd, RUN_TASKS items, the loop, popd); move it back, or ${WRITE_PLAN}`);

	for (const s of body) {
		const flat = s.text.replace(/\s+/g, ' ').trim();
		if (backupIf !== undefined) {
			if (flat === 'fi') {
				if (backupIf.tar === undefined) problem(s.line, `the backup "if" has no tar command; ${WRITE_PLAN}`);
				else out.backup = {line: backupIf.line, path: backupPath!, tar: backupIf.tar};
				backupIf = undefined;
			} else if (/^tar /.test(flat) && backupIf.tar === undefined) {
				const words = templateWords(flat, ctx.target, backupPath);
				if (words.ok) backupIf.tar = words.words;
				else problem(s.line, `the backup's tar command cannot be read: ${words.message}; write it as tar zcf \${source_series_backup_file} DIR..., or ${WRITE_PLAN}`);
			} else {
				problem(s.line, `the backup "if" runs "${shown(s.text)}", which ansible-driver would not run (it reads one tar command there); remove it, or ${WRITE_PLAN}`);
			}
			continue;
		}
		if (phase === 'loop') {
			if (LOOP_RUN.test(flat)) loopRuns = true;
			else if (flat === 'done') {
				if (!loopRuns) problem(s.line, 'the RUN_TASKS loop never calls run_lock $item "${RUN_TASKS[$item]}", so the script runs none of its items; ansible-driver cannot tell what to run');
				phase = 'ran';
			} else if (!LOOP_ECHO.test(flat)) {
				problem(s.line, `the RUN_TASKS loop runs "${shown(s.text)}", which ansible-driver would not run (it reads only an echo and run_lock $item "\${RUN_TASKS[$item]}" there); remove it, or ${WRITE_PLAN}`);
			}
			continue;
		}
		const call = MAIN_CALLS.find(name => name === flat);
		if (call !== undefined || BOOTSTRAP_DIRECT.test(flat)) {
			if (phase !== 'setup') notHere(s, `"${flat}"`);
			else if (call === undefined) out.bootstrapDirect = s.line;
			else out.calls.set(call, s.line);
		} else if (flat === 'unset ANSIBLE_INVENTORY') {
			if (phase !== 'setup') notHere(s, `"${flat}"`);
			out.unsetsInventory = true;
		} else if (flat.startsWith(`${BACKUP_VARIABLE}=`)) {
			const words = templateWords(s.text.trim().slice(BACKUP_VARIABLE.length + 1), ctx.target);
			if (phase !== 'setup') notHere(s, 'the backup');
			else if (!words.ok || words.words.length !== 1) problem(s.line, `the backup's file name cannot be read: ${words.ok ? 'it is not one word' : words.message}; ${WRITE_PLAN}`);
			else backupPath = words.words[0];
		} else if (BACKUP_IF.test(flat)) {
			if (phase !== 'setup') notHere(s, 'the backup');
			else if (backupPath === undefined) problem(s.line, `the backup "if" comes before ${BACKUP_VARIABLE} is set; ${WRITE_PLAN}`);
			backupIf = {line: s.line};
		} else if (PUSHD.test(flat)) {
			if (phase !== 'setup') notHere(s, 'a second pushd');
			phase = 'playbooks';
		} else if (/^RUN_TASKS\b/.test(flat)) {
			if (phase !== 'playbooks') {
				problem(s.line, `this RUN_TASKS item comes ${phase === 'setup' ? 'before pushd ${MAIN_PATH}/playbooks' : 'after the loop that runs the items'}, where ansible-driver does not read items; move it, or ${WRITE_PLAN}`);
				continue;
			}
			const read = readItem(ctx.src, s, ctx.lineOf, ctx.scriptsDir);
			if (read.ok) out.items.push(read.item);
			else problem(read.line, read.message);
		} else if (LOOP.test(flat)) {
			if (phase !== 'playbooks') notHere(s, 'the RUN_TASKS loop');
			phase = 'loop';
		} else if (POPD.test(flat)) {
			if (phase !== 'ran') problem(s.line, `popd comes before the RUN_TASKS loop has run the items; move it after "done", or ${WRITE_PLAN}`);
			phase = 'done';
		} else {
			const runs = /^openstack-ansible\b/.test(flat) ? ` outside RUN_TASKS (so without a marker)` : '';
			problem(s.line, `main runs "${shown(s.text)}"${runs}, which ansible-driver would not run: make it a plan step (${WRITE_PLAN}) or remove it from the script`);
		}
	}
	if (backupIf !== undefined) problem(backupIf.line, `the backup "if" has no "fi"; ${WRITE_PLAN}`);
	if (phase === 'playbooks' && out.items.length > 0) {
		problem(out.items.at(-1)!.line, 'main never runs its RUN_TASKS items (no loop "for item in ${!RUN_TASKS[@]}; do ... run_lock ... done" after them); ansible-driver cannot tell that they run');
	}
	if (phase === 'loop') problem(body.at(-1)?.line ?? 1, 'the RUN_TASKS loop has no "done"');
	return out;
}
