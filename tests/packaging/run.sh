#!/usr/bin/env bash
# tests/packaging/run.sh: install it like any PHP extension, deploy it like any PHP service (issue 17).
#
#   tests/packaging/run.sh
#
# One line per check, "check packaging NAME OK" or "check packaging NAME FAILED" with the tail of its log,
# then "packaging: N passed, M failed"; the exit status is non-zero on any failure. Each check runs under
# `timeout`. Servers bind 127.0.0.1 only; the network is used only for the package registries (apt-get,
# Composer, npm for tests/interop).
#
# - deps: what is missing of composer, php-pear, nginx-light and the build and interop tools (apt-get; no
#   service is started by the install).
# - Composer/PIE: composer.json passes `composer validate --strict` (with Composer 2.11 from Packagist: Debian's
#   2.5 predates the php-ext section; tools.composer.json says how it is installed) and its php-ext section
#   offers every flag config.m4 takes.
# - PECL: package.xml is what scripts/gen_package_xml.php makes of the tree, and lists every source file.
# - The IDE stub (integrations/stubs/websocket.php) is what scripts/gen_ide_stub.php makes of the stub.
# - One version: php_websocket.h, CHANGELOG.md, package.xml, the IDE stub, `php --ri websocket`.
# - PIE's way: `git archive HEAD`, built with phpize && ./configure && make && make install (INSTALL_ROOT, a
#   temp dir) and loaded by a conf.d file holding just `extension=websocket` (PHP_INI_SCAN_DIR).
# - PECL's way: `pecl package` on the same archive, the tarball unpacked, built and installed as
#   `pecl install` does, and loaded.
# - PHPStan at level max on examples/, against the stub package installed with Composer.
# - nginx (examples/nginx/websocket.conf) in front of the servers: the interop suite through it, and the
#   headers that carry the client's address reach the server.
#
# The builds use HEAD (git archive); the generated-file checks use the work tree. Tools installed with
# Composer are kept in $WS_PACKAGING_CACHE (default ~/.cache/ext-websocket/packaging), outside the repository.
# Environment: SKIP_INTEROP=1 (as in scripts/test.sh) runs only the Python part of the interop suite through
# nginx (no Node, no Chromium); WSP_ONLY=TEXT runs only the checks whose names contain TEXT (a later check
# may need an earlier one); WSP_KEEP=1 keeps the temp dir.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ws-packaging.XXXXXX")
cache=${WS_PACKAGING_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ext-websocket/packaging}
mkdir -p "$tmp/pids" "$cache"
# behind_nginx.sh puts its temp dirs under WSP_TMP and the pids it starts in WSP_PIDS.
export WSP_TMP=$tmp WSP_PIDS=$tmp/pids
export COMPOSER_ALLOW_SUPERUSER=1 COMPOSER_NO_INTERACTION=1
export root here tmp cache
passed=0
failed=0

cleanup() {
	local f
	for f in "$WSP_PIDS"/*; do
		[ -e "$f" ] && kill -KILL "$(basename "$f")" 2>/dev/null
	done
	if [ "${WSP_KEEP:-}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT

# check NAME SECONDS FUNCTION [ARGS...]: runs one check, bounded in time; a line "summary: ..." in its output
# is shown after OK.
check() {
	[ -n "${WSP_ONLY:-}" ] && [[ "$1" != *"$WSP_ONLY"* ]] && return 0
	local name=$1 secs=$2; shift 2
	local log="$tmp/log.$((passed + failed))" t0=$SECONDS rc note
	timeout -k 5 "$secs" bash -c '"$@"' check "$@" > "$log" 2>&1
	rc=$?
	if [ "$rc" = 0 ]; then
		note=$(sed -n 's/^summary: //p' "$log" | awk 'NR > 1 { printf "; " } { printf "%s", $0 }')
		echo "check packaging $name OK ($((SECONDS - t0)) s${note:+; $note})"
		passed=$((passed + 1))
	else
		echo "check packaging $name FAILED: $([ "$rc" = 124 ] && echo "timed out after $secs s" || echo "exit $rc")"
		tail -n 40 "$log" | sed 's/^/  /'
		failed=$((failed + 1))
	fi
}

# ---------------------------------------------------------------------------------------------- helpers

# Debian packages, only those missing. No service starts: a policy-rc.d that says no is in place meanwhile
# (the nginx package would otherwise start nginx on port 80).
apt_ensure() {
	local missing="" p made=0
	for p in "$@"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	echo "installing$missing"
	[ "$(id -u)" = 0 ] || { echo "run as root, or: apt-get install$missing"; return 1; }
	if [ ! -e /usr/sbin/policy-rc.d ]; then
		printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made=1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing > "$tmp/apt.log" 2>&1
	local rc=$?
	[ "$made" = 1 ] && rm -f /usr/sbin/policy-rc.d
	[ "$rc" = 0 ] || tail -n 20 "$tmp/apt.log"
	return $rc
}

deps() {
	sh scripts/deps.sh test || return 1
	apt_ensure composer php-pear nginx-light git
}

# Composer 2.11 and PHPStan in $cache/tools (installed once, again when tools.composer.json changes).
tools() {
	local dir=$cache/tools
	mkdir -p "$dir"
	if [ -x "$dir/vendor/bin/composer" ] && [ -x "$dir/vendor/bin/phpstan" ] && cmp -s "$here/tools.composer.json" "$dir/composer.json"; then
		return 0
	fi
	cp "$here/tools.composer.json" "$dir/composer.json"
	rm -rf "$dir/vendor" "$dir/composer.lock"
	(cd "$dir" && composer update --no-progress --no-audit 2>&1 | tail -n 5) || return 1
	"$dir/vendor/bin/composer" --version && "$dir/vendor/bin/phpstan" --version
}

composer_validate() {
	local c=$cache/tools/vendor/bin/composer f
	[ -x "$c" ] || { echo "no $c (the tools check failed)"; return 1; }
	for f in composer.json integrations/stubs/composer.json; do
		(cd "$(dirname "$f")" && "$c" validate --strict --no-check-lock) || { echo "$f: composer validate --strict failed"; return 1; }
	done
	echo "summary: $("$c" --version 2>/dev/null | head -n1 | awk '{print "Composer " $3}')"
}

# config.m4's flags, one a line: enable-websocket, enable-websocket-dev, with-... (PHP_ARG_ENABLE/PHP_ARG_WITH).
m4_flags() {
	sed -nE 's/.*PHP_ARG_(ENABLE|WITH)\(\[?([a-z0-9_-]+)\]?.*/\1 \2/p' config.m4 |
		awk '{print tolower($1) "-" $2}' | sort -u
}

composer_php_ext() {
	php -r '
		$c = json_decode(file_get_contents("composer.json"), true, 512, JSON_THROW_ON_ERROR);
		$e = $c["php-ext"] ?? [];
		$bad = [];
		if (($c["type"] ?? "") !== "php-ext") $bad[] = "type must be php-ext";
		if (($e["extension-name"] ?? "") !== "websocket") $bad[] = "php-ext.extension-name must be websocket";
		if (($e["os-families"] ?? null) !== ["linux"]) $bad[] = "php-ext.os-families must be [\"linux\"] (epoll)";
		$have = array_column($e["configure-options"] ?? [], "name");
		foreach (array_filter(explode("\n", stream_get_contents(STDIN))) as $flag) {
			if (!in_array($flag, $have, true)) $bad[] = "config.m4 takes --$flag, composer.json php-ext.configure-options lacks it";
		}
		foreach ($bad as $b) echo "$b\n";
		exit($bad ? 1 : 0);
	' <<< "$(m4_flags)"
}

package_xml_current() {
	php scripts/gen_package_xml.php --check
}

# package.xml (as committed or generated) names every file a build needs, and nothing that is not there.
package_xml_files() {
	local listed=$tmp/listed need=$tmp/need bad=0 f
	php -r '
		$x = simplexml_load_file("package.xml");
		$x->registerXPathNamespace("p", "http://pear.php.net/dtd/package-2.0");
		foreach ($x->xpath("//p:file") as $f) echo $f["name"], "\n";
	' | sort -u > "$listed"
	[ -s "$listed" ] || { echo "package.xml lists no files"; return 1; }
	{
		git ls-files -- config.m4 config.w32 websocket.c php_websocket.h src stubs
		# Whatever config.m4 compiles, tracked or not.
		grep -oE 'src/[A-Za-z0-9_/.-]+\.c' config.m4
	} | sort -u > "$need"
	while read -r f; do
		[ -f "$f" ] || continue   # deleted in the work tree
		grep -qxF "$f" "$listed" || { echo "package.xml lacks $f (run php scripts/gen_package_xml.php)"; bad=1; }
	done < "$need"
	while read -r f; do
		[ -e "$f" ] || { echo "package.xml lists $f, which does not exist"; bad=1; }
	done < "$listed"
	[ "$bad" = 0 ] && echo "summary: $(wc -l < "$listed") files"
	return $bad
}

ide_stub_current() {
	php scripts/gen_ide_stub.php --check
}

# PHP_WEBSOCKET_VERSION, CHANGELOG.md's newest release, package.xml, the IDE stub and, where they carry one,
# the source stub and the composer.json files.
versions() {
	php -r '
		require "scripts/lib/packaging.php";
		$v = ws_version(".");
		$seen = ["php_websocket.h" => $v, "CHANGELOG.md" => ws_changelog_release(".")["version"]];
		$x = simplexml_load_file("package.xml");
		$seen["package.xml release"] = (string) $x->version->release;
		$seen["package.xml api"] = (string) $x->version->api;
		preg_match("/@version\s+(\S+)/", (string) file_get_contents("integrations/stubs/websocket.php"), $m);
		$seen["integrations/stubs/websocket.php"] = $m[1] ?? "(none)";
		if (preg_match("/^\s*\*?\s*@version\s+(\S+)/m", (string) file_get_contents("stubs/websocket.stub.php"), $m)) {
			$seen["stubs/websocket.stub.php"] = $m[1];
		} else {
			echo "summary: stubs/websocket.stub.php has no @version line yet\n";
		}
		foreach (["composer.json", "integrations/stubs/composer.json"] as $f) {
			$c = json_decode(file_get_contents($f), true);
			if (isset($c["version"])) $seen[$f] = $c["version"];
		}
		$bad = array_filter($seen, fn ($s) => $s !== $v);
		foreach ($seen as $where => $s) echo "$where: $s\n";
		if ($bad) { echo "expected $v everywhere\n"; exit(1); }
		echo "summary: $v\n";
	'
}

# git archive of HEAD into $tmp/$1.
archive() {
	mkdir -p "$tmp/$1" && git archive --format=tar HEAD | tar -x -C "$tmp/$1"
}

# Builds the extension in $1 as the docs say and installs it under $2 (make install INSTALL_ROOT).
build_install() {
	local src=$1 dest=$2; shift 2
	(
		cd "$src" &&
		phpize > phpize.log 2>&1 &&
		./configure --with-php-config="$(command -v php-config)" "$@" > configure.log 2>&1 &&
		make -j"$(nproc)" > make.log 2>&1 &&
		make install INSTALL_ROOT="$dest" > install.log 2>&1
	) || { tail -n 30 "$src"/*.log 2>/dev/null; return 1; }
	local so="$dest$(php-config --extension-dir)/websocket.so"
	[ -f "$so" ] || { echo "make install left no $so"; return 1; }
	echo "installed $so"
}

# The conf.d layout PIE leaves: "extension=websocket" in 80-websocket.ini, resolved against extension_dir
# (here the install root's copy of it, set in an ini of its own). Usage: conf_d INSTALL_ROOT DIR.
conf_d() {
	mkdir -p "$2"
	printf 'extension_dir=%s\n' "$1$(php-config --extension-dir)" > "$2/00-extension-dir.ini"
	printf 'extension=websocket\n' > "$2/80-websocket.ini"
}

# php --ri websocket and phpversion() with only conf.d dir $1 scanned: the version must be the header's.
loads() {
	local v ri
	v=$(php -r 'require "scripts/lib/packaging.php"; echo ws_version(".");')
	ri=$(PHP_INI_SCAN_DIR=$1 php --ri websocket 2>&1) || { echo "$ri"; return 1; }
	echo "$ri"
	echo "$ri" | grep -qx "Version => $v" || { echo "expected 'Version => $v' in php --ri websocket"; return 1; }
	[ "$(PHP_INI_SCAN_DIR=$1 php -r 'echo phpversion("websocket");')" = "$v" ] || { echo "phpversion('websocket') is not $v"; return 1; }
	PHP_INI_SCAN_DIR=$1 php -r 'exit(class_exists("WebSocket\\Server") ? 0 : 1);' || { echo "no WebSocket\\Server class"; return 1; }
	echo "summary: php --ri websocket: $v"
}

pie_build() {
	archive pie/src && build_install "$tmp/pie/src" "$tmp/pie/root" && conf_d "$tmp/pie/root" "$tmp/pie/conf.d"
}

pecl_package() {
	archive pecl/src || return 1
	(cd "$tmp/pecl/src" && pecl package package.xml) || return 1
	local v tgz
	v=$(php -r 'require "scripts/lib/packaging.php"; echo ws_version(".");')
	tgz=$tmp/pecl/src/websocket-$v.tgz
	[ -f "$tgz" ] || { echo "expected $tgz"; return 1; }
	tar -tzf "$tgz" | grep -qx "websocket-$v/config.m4" || { echo "$tgz has no websocket-$v/config.m4"; return 1; }
	echo "summary: websocket-$v.tgz, $(tar -tzf "$tgz" | grep -c "^websocket-$v/") files"
}

# What `pecl install` does with the tarball (PEAR's Builder): unpack, phpize, configure with the
# configureoption defaults, make, make install INSTALL_ROOT. (`pecl install --installroot` itself writes to
# the system extension dir on this PEAR, so it is not used.)
pecl_build() {
	local tgz
	tgz=$(ls "$tmp"/pecl/src/websocket-*.tgz 2>/dev/null | head -n1)
	[ -n "$tgz" ] || { echo "no tarball (the pecl package check failed)"; return 1; }
	mkdir -p "$tmp/pecl/build" && tar -xzf "$tgz" -C "$tmp/pecl/build" || return 1
	local opts
	opts=$(php -r '
		$x = simplexml_load_file($argv[1] . "/package.xml");
		foreach ($x->extsrcrelease->configureoption as $o) echo "--", $o["name"], "=", $o["default"], " ";
	' "$tmp/pecl/build")
	echo "configure options: $opts"
	build_install "$(ls -d "$tmp"/pecl/build/websocket-*/)" "$tmp/pecl/root" $opts && conf_d "$tmp/pecl/root" "$tmp/pecl/conf.d"
}

phpstan_examples() {
	local stan=$cache/tools/vendor/bin/phpstan project=$tmp/phpstan
	[ -x "$stan" ] || { echo "no $stan (the tools check failed)"; return 1; }
	# The stub package as a user gets it: required from a path repository (a copy, no registry).
	mkdir -p "$project"
	cat > "$project/composer.json" <<-EOF
	{
	    "repositories": [
	        {"type": "path", "url": "$root/integrations/stubs", "options": {"symlink": false, "versions": {"ext-websocket/websocket-stubs": "0.0.0"}}},
	        {"packagist.org": false}
	    ],
	    "require-dev": {"ext-websocket/websocket-stubs": "*"}
	}
	EOF
	(cd "$project" && composer update --no-progress --no-audit -q) || return 1
	[ -f "$project/vendor/ext-websocket/websocket-stubs/phpstan.neon" ] || { echo "the stub package did not install"; return 1; }
	cat > "$project/phpstan.neon" <<-EOF
	includes:
	    - vendor/ext-websocket/websocket-stubs/phpstan.neon
	parameters:
	    level: max
	    paths:
	        - $root/examples
	    tmpDir: $project/cache
	EOF
	# Without the extension loaded: the stub alone declares WebSocket\\*.
	php "$stan" analyse -c "$project/phpstan.neon" --no-progress --error-format=raw --memory-limit=1G
}

# nginx accepts the example, and the example says what docs/deployment.md says it does.
nginx_conf() {
	local conf=examples/nginx/websocket.conf bad=0 t
	local nginx
	nginx=$(command -v nginx || echo /usr/sbin/nginx)
	mkdir -p "$tmp/nginx-t"
	sed -E 's/^(\s*)listen\s+80;/\1listen 127.0.0.1:1;/' "$conf" > "$tmp/nginx-t/websocket.conf"
	printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp { access_log off; include %s/websocket.conf; }\n' \
		"$tmp/nginx-t" "$tmp/nginx-t" "$tmp/nginx-t" > "$tmp/nginx-t/nginx.conf"
	"$nginx" -t -p "$tmp/nginx-t" -c "$tmp/nginx-t/nginx.conf" -e "$tmp/nginx-t/error.log" || return 1
	for want in 'proxy_http_version 1\.1;' 'proxy_set_header Upgrade \$http_upgrade;' \
		'proxy_set_header Connection \$connection_upgrade;' 'proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;' \
		'proxy_set_header X-Real-IP \$remote_addr;'; do
		grep -qE "^\s*$want" "$conf" || { echo "$conf: no '$want'"; bad=1; }
	done
	# Longer than the server's ping_interval (30 s) and idle_timeout (60 s) defaults.
	for t in proxy_read_timeout proxy_send_timeout; do
		local s
		s=$(sed -nE "s/^\s*$t\s+([0-9]+)s?;.*/\1/p" "$conf" | head -n1)
		if [ -z "$s" ] || [ "$s" -le 60 ]; then
			echo "$conf: $t must be set above 60 s (ping_interval 30 s, idle_timeout 60 s), got '${s:-unset}'"
			bad=1
		fi
	done
	[ "$bad" = 0 ] && echo "summary: $("$nginx" -v 2>&1 | sed 's/.*version: //')"
	return $bad
}

# tests/interop/run.sh with every server behind nginx: the servers load the PIE-style install (conf.d).
interop_nginx() {
	local wrap="bash $here/behind_nginx.sh"
	[ -d "$tmp/pie/conf.d" ] || { echo "no PIE-style install (the build check failed)"; return 1; }
	local suites=()
	[ -n "${SKIP_INTEROP:-}" ] && suites=(python)
	PHP_INI_SCAN_DIR=$tmp/pie/conf.d \
	ECHO_SERVER_CMD="$wrap $root/examples/echo.php" CHAT_SERVER_CMD="$wrap $root/examples/chat/server.php" \
		bash tests/interop/run.sh "${suites[@]}" > "$tmp/interop.out" 2>&1
	local rc=$?
	cat "$tmp/interop.out"
	local n
	n=$(sed -nE 's/^interop: ([0-9]+) passed, 0 failed$/\1/p' "$tmp/interop.out")
	[ "$rc" = 0 ] && [ -n "$n" ] && echo "summary: $n interop checks through nginx"
}

# The headers that carry the client's address reach the server through nginx, over ws:// and over wss://
# (the example's commented TLS block, enabled with a throwaway certificate), and the server, trusting nginx
# (127.0.0.1) as a proxy, reads the client's address from them: the client connects from 127.0.0.2 and sends
# a spoofed X-Forwarded-For, which nginx's appended address shows up.
forwarded_headers() {
	[ -d "$tmp/pie/conf.d" ] || { echo "no PIE-style install (the build check failed)"; return 1; }
	export PHP_INI_SCAN_DIR=$tmp/pie/conf.d
	local out=$tmp/headers.out port tls pid cert=$tmp/tls/cert.pem key=$tmp/tls/key.pem
	mkdir -p "$tmp/tls"
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
		-keyout "$key" -out "$cert" > "$tmp/tls/openssl.log" 2>&1 || { cat "$tmp/tls/openssl.log"; return 1; }
	WSP_TLS_CERT=$cert WSP_TLS_KEY=$key bash "$here/behind_nginx.sh" "$here/headers_server.php" > "$out" 2>&1 &
	pid=$!
	for _ in $(seq 300); do
		port=$(sed -n 's/^READY \([0-9][0-9]*\)$/\1/p' "$out")
		[ -n "$port" ] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	tls=$(sed -n 's/^TLS \([0-9][0-9]*\)$/\1/p' "$out")
	[ -n "$port" ] && [ -n "$tls" ] || { cat "$out"; kill "$pid" 2>/dev/null; return 1; }
	local plain secure rc1 rc2
	plain=$(php "$here/ws_client.php" --from=127.0.0.2 "$port" 'X-Forwarded-For: 203.0.113.7'); rc1=$?
	secure=$(php "$here/ws_client.php" --tls="$cert" --from=127.0.0.2 "$tls" 'X-Forwarded-For: 203.0.113.7'); rc2=$?
	kill -TERM "$pid" 2>/dev/null
	wait "$pid"
	echo "ws://: $plain"
	echo "wss://: $secure"
	[ "$rc1" = 0 ] && [ "$rc2" = 0 ] || return 1
	php -r '
		$bad = 0;
		foreach (["http" => $argv[1], "https" => $argv[2]] as $proto => $got) {
			$msg = preg_match("/^message: (.*)$/m", $got, $m) ? json_decode($m[1], true) : null;
			$want = ["x-forwarded-for" => "203.0.113.7, 127.0.0.2", "x-real-ip" => "127.0.0.2", "x-forwarded-proto" => $proto,
			         "remote_address" => "127.0.0.2"];
			foreach ($want as $h => $v) {
				if (($msg[$h] ?? null) !== $v) { echo "$proto: expected $h: $v, got ", var_export($msg[$h] ?? null, true), "\n"; $bad = 1; }
			}
		}
		exit($bad);
	' "$plain" "$secure" || return 1
	echo "summary: over ws:// and wss://, the client's address (127.0.0.2) reaches getRemoteAddress() through nginx with trusted_proxies; a spoofed X-Forwarded-For entry is not believed"
}

# The docs name files of this repository: markdown links and `path/like/this` in backticks must resolve.
docs_links() {
	php -r '
		$tops = [];
		foreach (explode("\n", trim((string) shell_exec("git ls-files"))) as $f) {
			$tops[explode("/", $f)[0]] = true;
		}
		$bad = 0;
		$files = array_merge(["README.md", "CHANGELOG.md", "integrations/stubs/README.md"], glob("docs/*.md"));
		foreach ($files as $doc) {
			$text = (string) file_get_contents($doc);
			preg_match_all("/\]\(([^)#\s]+)(#[^)]*)?\)/", $text, $m);
			foreach ($m[1] as $link) {
				if (preg_match("#^[a-z]+://#", $link)) continue;
				if (!file_exists(dirname($doc) . "/" . $link)) { echo "$doc: link to $link, which does not exist\n"; $bad = 1; }
			}
			preg_match_all("/`([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]*)+)`/", $text, $m);
			foreach (array_unique($m[1]) as $path) {
				if (!isset($tops[explode("/", $path)[0]])) continue;   // not a path of this repository
				if (!file_exists($path)) { echo "$doc: names $path, which does not exist\n"; $bad = 1; }
			}
		}
		if (!$bad) echo "summary: ", count($files), " files\n";
		exit($bad);
	'
}

export -f docs_links apt_ensure deps tools composer_validate m4_flags composer_php_ext package_xml_current package_xml_files \
	ide_stub_current versions archive build_install conf_d loads pie_build pecl_package pecl_build \
	phpstan_examples nginx_conf interop_nginx forwarded_headers

# ------------------------------------------------------------------------------------------------ checks

check "deps" 900 deps
check "tools (Composer 2.11, PHPStan)" 300 tools
check "composer.json: composer validate --strict" 60 composer_validate
check "composer.json: php-ext section, every config.m4 flag" 30 composer_php_ext
check "package.xml is current (scripts/gen_package_xml.php --check)" 30 package_xml_current
check "package.xml lists every source file" 30 package_xml_files
check "integrations/stubs/websocket.php is current (scripts/gen_ide_stub.php --check)" 30 ide_stub_current
check "one version everywhere" 30 versions
check "git archive HEAD: phpize, configure, make, make install" 300 pie_build
check "PIE layout: conf.d/80-websocket.ini loads it" 30 loads "$tmp/pie/conf.d"
check "pecl package" 60 pecl_package
check "PECL tarball: build and install in a clean dir" 300 pecl_build
check "PECL install loads" 30 loads "$tmp/pecl/conf.d"
check "phpstan level max: examples/ against the stub package" 180 phpstan_examples
check "docs: the repository paths they name exist" 30 docs_links
check "nginx -t: examples/nginx/websocket.conf" 30 nginx_conf
check "interop suite through nginx" 300 interop_nginx
check "the client address through nginx with trusted_proxies, ws:// and wss://" 60 forwarded_headers

echo "packaging: $passed passed, $failed failed"
[ "$failed" = 0 ]
