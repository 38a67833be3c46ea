// `settings [PLAN] [--json]`: each setting in effect and where it came from (reads only);
// `settings set KEY VALUE` and `settings unset KEY`: change the account file (docs/settings.md).
import {shellQuote} from '../ansible/command.js';
import {openAccountStore, type AccountStore} from '../settings/account-store.js';
import {sayWarnings} from '../settings/early.js';
import {accountFilePath, exists, folderOfPlan, homeOf} from '../settings/files.js';
import {gatherSettings} from '../settings/gather.js';
import {EXPECTED, isSettingKey, readAssignment, SETTING_KEYS} from '../settings/keys.js';
import {readAccountFile} from '../settings/read.js';
import {settingsJson, settingsText} from '../settings/show.js';
import {CommandExit, exitCodes, programOf, type Flags, type Io} from './io.js';
import {mustLoadPlan, osaChoice} from './locate.js';

const uid = () => process.getuid?.() ?? -1;

export async function settingsCommand(args: string[], flags: Flags, io: Io): Promise<number> {
	const [verb, ...rest] = args;
	if (verb === 'set') return setSetting(rest, io);
	if (verb === 'unset') return unsetSetting(rest, io);
	if (args.length > 1) throw new CommandExit(exitCodes.usage, `settings takes at most a PLAN, or set KEY VALUE, or unset KEY; got: ${shellQuote(args)}\nSee ${programOf(io)} help settings`);
	return showSettings(verb, flags, io);
}

/** Prints the settings in effect (for PLAN, when given: with its folder's file and its own keys). */
function showSettings(ref: string | undefined, flags: Flags, io: Io): number {
	const plan = ref === undefined ? undefined : mustLoadPlan(ref, io, osaChoice(flags));
	const options = {...(flags.bell === undefined ? {} : {bell: flags.bell}), ...(flags.notify === undefined ? {} : {notify: flags.notify})};
	const {effective, files, warnings} = gatherSettings({env: io.env, folder: plan ? folderOfPlan(plan, io.cwd) : io.cwd, ...(plan ? {plan} : {}), options, uid: uid()});
	sayWarnings(io.stderr, warnings);
	const shown = {effective, files, plan: plan ? (plan.builtin ?? plan.path) : null};
	io.stdout.write(flags.json ? `${JSON.stringify(settingsJson(shown), null, 2)}\n` : settingsText(shown, io.env));
	return exitCodes.done;
}

const keysLine = `the settings are ${SETTING_KEYS.join(', ')}`;

/** Exit 2 for a bad key (with the known ones) or value (with the form it must have); nothing written. */
function mustAssign(key: string, text: string, io: Io) {
	const read = readAssignment(key, text, homeOf(io.env));
	if (read.ok) return read;
	if (read.bad === 'key') throw new CommandExit(exitCodes.usage, `settings: ${read.message.replace(/^unknown key/, 'unknown setting').replace(/ in a settings file/, '')}. Nothing was written.`);
	throw new CommandExit(exitCodes.usage, `settings set ${key} ${shellQuote([text])}: ${read.message}. Nothing was written.`);
}

/** The account file through conf; exit 2 when it cannot be used (a damaged file is never overwritten). */
async function mustOpenStore(io: Io): Promise<AccountStore> {
	const path = accountFilePath(io.env);
	const read = readAccountFile(path, homeOf(io.env));
	const refuse = (why: string) => new CommandExit(exitCodes.usage, `the account file ${path} cannot be changed: ${why}. Fix it, or remove it, then try again; nothing was written.`);
	if (read.status === 'ignored') throw refuse(read.problem ?? 'it cannot be read');
	try {
		return await openAccountStore(io.env);
	} catch (error) {
		// Its folder cannot be made, say: not the file's fault.
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== undefined) throw new CommandExit(exitCodes.usage, `cannot write the account file ${path}: ${(error as Error).message}; nothing was written.`);
		throw refuse((error as Error).message);
	}
}

async function setSetting(args: string[], io: Io): Promise<number> {
	if (args.length !== 2) {
		throw new CommandExit(exitCodes.usage, `settings set takes KEY VALUE (quote a VALUE with spaces), e.g. settings set stall_after 20m; got: ${shellQuote(args)}\n${keysLine}`);
	}
	const [key, text] = args as [string, string];
	const assigned = mustAssign(key, text, io);
	const store = await mustOpenStore(io);
	try {
		store.set(assigned.key, assigned.json);
	} catch (error) {
		const message = (error as Error).message;
		// conf's own check (its schema) refused it: it holds the file to the same rules.
		if (message.startsWith('Config schema violation')) throw new CommandExit(exitCodes.usage, `settings set ${key} ${shellQuote([text])}: ${message}; ${key} must be ${EXPECTED[assigned.key]}. Nothing was written.`);
		throw new CommandExit(exitCodes.usage, `cannot write ${store.path}: ${message}; nothing was changed.`);
	}
	io.stdout.write(`${key}: ${JSON.stringify(assigned.json)}, in ${store.path}\nSee what is in effect (a directory file, the plan or an option may override it): ${programOf(io)} settings\n`);
	return exitCodes.done;
}

async function unsetSetting(args: string[], io: Io): Promise<number> {
	if (args.length !== 1) throw new CommandExit(exitCodes.usage, `settings unset takes one KEY, e.g. settings unset bell; got: ${shellQuote(args)}\n${keysLine}`);
	const [key] = args as [string];
	const path = accountFilePath(io.env);
	const notSet = () => {
		io.stdout.write(`${key} is not set in ${path}; nothing changed\n`);
		return exitCodes.done;
	};
	if (!isSettingKey(key)) mustAssign(key, '', io); // exit 2, naming the known keys
	if (!exists(path)) return notSet();
	const store = await mustOpenStore(io);
	if (!store.has(key)) return notSet();
	const was = store.get(key);
	try {
		store.delete(key);
	} catch (error) {
		throw new CommandExit(exitCodes.usage, `cannot write ${store.path}: ${(error as Error).message}; nothing was changed.`);
	}
	io.stdout.write(`${key} unset in ${path} (it was ${JSON.stringify(was)}); its default, or a directory file's, applies now\n`);
	return exitCodes.done;
}
