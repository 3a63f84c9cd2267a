#!/bin/sh
# shellcheck disable=SC2086
# Shell completion: bash registers it and completes commands, each
# command's options (the same as its --help lists), feed sources, help
# topics and time zones; zsh reads its function and registers it; make
# install puts both where the shells look.
set -u
cd "$(dirname "$0")/../.." || exit 1
root=$(pwd)
# CRIER may be a command with arguments (valgrind in front): unquoted.
CRIER=${CRIER:-$root/build/crier}
. tests/cli/lib.sh
command -v bash >/dev/null || skip "bash is missing"
command -v zsh >/dev/null || skip "zsh is missing (scripts/setup installs it)"

# complete WORDS...: what bash offers for the last word, one line each.
complete() {
	(cd "$tmp/w" && bash -c '. "$0"; COMP_WORDS=("$@");
		COMP_CWORD=$(($# - 1)); _crier;
		printf "%s\n" "${COMPREPLY[@]}" | sort' \
		"$root/completion/crier.bash" "$@")
}
mkdir -p "$tmp/w/news" "$tmp/w/notes"
touch "$tmp/w/news/feed.conf" "$tmp/w/schedule.xml" "$tmp/w/readme.txt"

bash -c '. completion/crier.bash; complete -p crier' >"$tmp/stdout" ||
	fail "bash: the completion does not load"
grep -qx 'complete -F _crier crier' "$tmp/stdout" ||
	fail "bash: not registered: $(cat "$tmp/stdout")"
[ "$(complete crier b)" = build ] || fail "crier b<TAB>: '$(complete crier b)'"
[ "$(complete crier im)" = import-schedule ] || fail "crier im<TAB>"

# Every command crier --help lists, and only those.
$CRIER --help | sed -n 's/^  \([a-z][a-z-]*\) .*/\1/p' | sort >"$tmp/want"
complete crier "" | grep -v '^-' >"$tmp/got"
diff -u "$tmp/want" "$tmp/got" >&2 || fail "commands differ from --help"
[ "$(complete crier help se)" = serve ] || fail "crier help se<TAB>"

# Each command's options are the long options of its --help.
for c in $(cat "$tmp/want"); do
	$CRIER help $c | grep -o -- '--[a-z][a-z-]*' | sort -u >"$tmp/want.o"
	complete crier $c -- | sort -u >"$tmp/got.o"
	diff -u "$tmp/want.o" "$tmp/got.o" >&2 ||
		fail "crier $c --<TAB> differs from its --help"
done
[ "$(complete crier build --ou)" = --output ] || fail "crier build --ou<TAB>"

# Directories for sources and -o; schedules for import-schedule.
[ "$(complete crier build ne)" = news ] || fail "crier build ne<TAB>"
[ "$(complete crier serve -p 8080 n | tr '\n' ' ')" = "news notes " ] ||
	fail "crier serve -p 8080 n<TAB>"
[ "$(complete crier build -o no)" = notes ] || fail "crier build -o no<TAB>"
complete crier import-schedule -s news "" >"$tmp/got"
grep -qx schedule.xml "$tmp/got" || fail "import-schedule: no schedule.xml"
grep -qx readme.txt "$tmp/got" && fail "import-schedule offers readme.txt"
if [ -d "${TZDIR:-/usr/share/zoneinfo}/Europe" ]; then
	[ "$(complete crier new --timezone Europe/Bruss)" = Europe/Brussels ] ||
		fail "--timezone Europe/Bruss<TAB>"
fi

# zsh: the function parses, and compinit registers it for crier.
zsh -n completion/_crier 2>"$tmp/stderr" || fail "zsh: _crier does not parse"
got=$(zsh -fc 'fpath=("$1"/completion $fpath); autoload -U compinit;
	compinit -u -D -d "$2"; print -r -- ${_comps[crier]}' zsh "$root" "$tmp/zcompdump")
[ "$got" = _crier ] || fail "zsh: crier is completed by '$got'"
for c in $(cat "$tmp/want"); do
	grep -q "^	$c)" completion/_crier || fail "zsh: no case for $c"
	grep -q "^		'$c:" completion/_crier || fail "zsh: $c not described"
done

# make install copies them where bash-completion and zsh look (-n: the
# recipe only, as running it would build the library too).
make -n install DESTDIR=/d PREFIX=/usr >"$tmp/install" 2>&1 ||
	fail "make -n install"
grep -qx 'cp completion/crier.bash /d/usr/share/bash-completion/completions/crier' \
	"$tmp/install" || fail "make install skips the bash completion"
grep -qx 'cp completion/_crier /d/usr/share/zsh/site-functions/_crier' \
	"$tmp/install" || fail "make install skips the zsh completion"
pass
