// The marker files of OpenStack-Ansible's scripts/run-upgrade.sh (its `run_lock` function),
// reproduced exactly so that the driver and the script skip the same finished steps. Pure.
//
// Newton/Ocata (markers_style: name), from run_lock:
//     for part in $run_item; do
//       if [[ "$part" == *.yml ]];then file_part="$part"; break; fi
//     done
//     upgrade_marker_file=$(basename ${file_part} .yml)
//     upgrade_marker=".../upgrade-newton/$upgrade_marker_file.complete"     (touch: an empty file)
//
// Since 2019 (markers_style: md5), from run_lock:
//     hashed_run_item=($(echo $run_item | md5sum))
//     upgrade_marker="${OSA_CONFIG_DIR}/upgrade-${TARGET_SERIES}/$hashed_run_item.complete"
//     echo "$run_item" > "$upgrade_marker"
// `echo $run_item` is unquoted: the words are split on blanks and joined by one space, and echo
// adds a newline, so the hash is md5("<words joined by spaces>\n"); the file holds the text as
// written plus a newline.
import {createHash} from 'node:crypto';

export type MarkerStyle = 'name' | 'md5';

/** What bash's `echo $text` prints: IFS word splitting, echo's own -n/-e/-E options, a newline. */
export function echoUnquoted(text: string): string {
	const words = text.split(/[ \t\n]+/).filter((word) => word !== '');
	let newline = true;
	// bash's echo takes leading words made only of n, e and E after a "-" as options.
	while (words.length > 0 && /^-[neE]+$/.test(words[0]!)) {
		if (words[0]!.includes('n')) newline = false;
		words.shift();
	}
	return words.join(' ') + (newline ? '\n' : '');
}

/** The md5 marker's file name (without folder) for a RUN_TASKS item. */
export function md5MarkerName(runItem: string): string {
	return `${createHash('md5').update(echoUnquoted(runItem)).digest('hex')}.complete`;
}

/** `basename NAME .yml`: the last path part, without a trailing ".yml" unless that is all of it. */
function basenameYml(path: string): string {
	const trimmed = path.replace(/\/+$/, '');
	const base = trimmed === '' ? '/' : (trimmed.split('/').pop() ?? trimmed);
	return base.endsWith('.yml') && base !== '.yml' ? base.slice(0, -'.yml'.length) : base;
}

/**
 * The name marker's file name for a RUN_TASKS item: the first word ending in ".yml", folder and
 * ".yml" removed. Without such a word run_lock passes the whole item to basename; for an item of
 * one word that is its basename, and for several words (which basename refuses) the first word's
 * basename is used here.
 */
export function nameMarkerName(runItem: string): string {
	const words = runItem.split(/[ \t\n]+/).filter((word) => word !== '');
	const part = words.find((word) => word.endsWith('.yml')) ?? words[0] ?? runItem;
	return `${basenameYml(part)}.complete`;
}

/** File name and content of the marker run-upgrade.sh writes when the item succeeded. */
export function markerFile(style: MarkerStyle, runItem: string): {name: string; content: string} {
	return style === 'md5' ? {name: md5MarkerName(runItem), content: `${runItem}\n`} : {name: nameMarkerName(runItem), content: ''};
}
