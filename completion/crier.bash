# bash completion for crier(1): commands, each command's options, feed
# source directories, schedules, output directories and time zones.
# Installed as share/bash-completion/completions/crier; to try it, run
# "source completion/crier.bash".

# Prints the long options of command $1, one line (src/cli/usage.c has them).
_crier_options()
{
	case $1 in
	check) echo "--now --help" ;;
	build) echo "--output --wait --verbose --syslog --now --help" ;;
	publish) echo "--output --to --dry-run --force --netrc --wait" \
		"--verbose --syslog --now --help" ;;
	import-schedule) echo "--source --track --room --speaker --type" \
		"--event --match --announcement --timezone --prune --dry-run" \
		"--now --help" ;;
	new) echo "--title --link --author --timezone --now --help" ;;
	serve) echo "--port --bind --now --help" ;;
	help) echo "--help" ;;
	esac
}

# Directories matching the word being completed: a feed source is one,
# and any other may lead to one.
_crier_dirs()
{
	local IFS=$'\n'
	compopt -o filenames 2>/dev/null
	COMPREPLY=($(compgen -d -- "$1"))
}

# The zone names of the time zone database, as Europe/Brussels.
_crier_zones()
{
	local IFS=$'\n' dir=${TZDIR:-/usr/share/zoneinfo}
	[ -d "$dir" ] || return
	COMPREPLY=($(cd "$dir" && compgen -f -- "$1"))
	compopt -o filenames 2>/dev/null
}

_crier()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local commands="check build publish import-schedule new serve help"
	local cmd=${COMP_WORDS[1]}

	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
		return
	fi
	case $prev in
	-o | --output | -s | --source)
		_crier_dirs "$cur"; return ;;
	--netrc)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	--to)
		compopt -o nospace 2>/dev/null
		COMPREPLY=($(compgen -W "file:/// http:// https:// ftp:// ftps://
			sftp:// s3://" -- "$cur")); return ;;
	--timezone)
		_crier_zones "$cur"; return ;;
	--now | --wait | --port | -p | --bind | --title | --link | --author | \
	--track | --room | --speaker | --type | --event | --match | \
	--announcement)
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_crier_options "$cmd")" -- "$cur"))
		return
	fi
	case $cmd in
	help)
		[ "$COMP_CWORD" -eq 2 ] &&
			COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	import-schedule)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -X '!*.xml' -- "$cur") \
			$(compgen -d -- "$cur")) ;;
	check | build | publish | new | serve)
		_crier_dirs "$cur" ;;
	esac
}

complete -F _crier crier
