<?php
/*
 * scripts/gen_package_xml.php: writes package.xml, the PECL package description, from the tree.
 *
 *   php scripts/gen_package_xml.php           # rewrite package.xml
 *   php scripts/gen_package_xml.php --check   # exit 1 if it is stale (tests/packaging/run.sh)
 *   pecl package package.xml                  # then makes websocket-X.Y.Z.tgz
 *
 * Read from: the version (PHP_WEBSOCKET_VERSION in php_websocket.h), the release date and notes (its entry in
 * CHANGELOG.md), the summary, license and maintainer (composer.json), the optional configure flags and their
 * help texts (config.m4), and the files (`git ls-files`, so a new source file is listed once it is added to
 * git, and the check fails until this script has been run again):
 *   src   config.m4, config.w32, websocket.c, php_websocket.h, src/, stubs/ (the stub and its arginfo)
 *   doc   README.md, CHANGELOG.md, SECURITY.md, docs/, examples/
 * The PHPT suite is not packaged: it needs the repository's harness and loopback servers, and runs in CI.
 */
declare(strict_types=1);

require __DIR__ . '/lib/packaging.php';

/** Files of the package, path => role, from git's index (tracked files only). */
function ws_package_files(string $root): array
{
    $list = shell_exec('git -C ' . escapeshellarg($root) . ' ls-files -z');
    if (!is_string($list) || $list === '') {
        fwrite(STDERR, "git ls-files gave nothing in $root\n");
        exit(2);
    }
    $files = [];
    foreach (explode("\0", rtrim($list, "\0")) as $path) {
        if (!file_exists("$root/$path")) {
            continue;   // deleted in the work tree, not yet in the index
        }
        $role = ws_package_role($path);
        if ($role !== null) {
            $files[$path] = $role;
        }
    }
    ksort($files, SORT_STRING);
    return $files;
}

/** The PECL role of a tracked file, or null when it is not packaged. */
function ws_package_role(string $path): ?string
{
    if (in_array($path, ['config.m4', 'config.w32', 'websocket.c', 'php_websocket.h'], true)
        || preg_match('#^src/.+\.[ch]$#', $path)
        || in_array($path, ['stubs/websocket.stub.php', 'stubs/websocket_arginfo.h'], true)) {
        return 'src';
    }
    if (in_array($path, ['README.md', 'CHANGELOG.md', 'SECURITY.md'], true)
        || preg_match('#^(docs|examples)/#', $path)) {
        return 'doc';
    }
    return null;
}

/**
 * The flags of config.m4 other than the extension's own switch: [name => help text], e.g.
 * ['enable-websocket-dev' => 'websocket: -Werror and extra warnings (CI)'].
 *
 * @return array<string, string>
 */
function ws_configure_flags(string $root, bool $withMain = false): array
{
    $m4 = file_get_contents("$root/config.m4");
    preg_match_all('/PHP_ARG_(ENABLE|WITH)\(\s*\[?([a-z0-9_-]+)\]?\s*,.*?AS_HELP_STRING\(\s*\[([^\]]*)\]\s*,\s*\[([^\]]*)\]/s', (string) $m4, $m, PREG_SET_ORDER);
    $flags = [];
    foreach ($m as [, $kind, $name, , $help]) {
        if ($name === 'websocket' && !$withMain) {
            continue;   // a phpize build always enables the extension itself
        }
        $flags[strtolower($kind) . '-' . $name] = trim(preg_replace('/\s+/', ' ', $help));
    }
    return $flags;
}

/**
 * Each optional flag's default as config.m4 gives it (PHP_ARG_*'s value after the help string), for the
 * configureoption defaults `pecl install` passes: ['with-websocket-hiredis' => 'yes', ...]; "no" when not given.
 *
 * @return array<string, string>
 */
function ws_configure_defaults(string $root): array
{
    $m4 = file_get_contents("$root/config.m4");
    preg_match_all('/PHP_ARG_(ENABLE|WITH)\(\s*\[?([a-z0-9_-]+)\]?\s*,.*?AS_HELP_STRING\(\s*\[[^\]]*\]\s*,\s*\[[^\]]*\]\s*\)\s*\]\s*(?:,\s*\[([^\]]*)\])?/s', (string) $m4, $m, PREG_SET_ORDER);
    $defaults = [];
    foreach ($m as $one) {
        $defaults[strtolower($one[1]) . '-' . $one[2]] = ($one[3] ?? '') !== '' ? $one[3] : 'no';
    }
    return $defaults;
}

function x(string $s): string
{
    return htmlspecialchars($s, ENT_XML1 | ENT_QUOTES, 'UTF-8');
}

function build_package_xml(string $root): string
{
    $version = ws_version($root);
    $release = ws_changelog_release($root);
    if ($release['version'] !== $version) {
        fwrite(STDERR, "CHANGELOG.md's newest release is {$release['version']}, php_websocket.h says $version\n");
        exit(2);
    }
    $composer = json_decode((string) file_get_contents("$root/composer.json"), true, 512, JSON_THROW_ON_ERROR);
    $author = $composer['authors'][0] ?? ['name' => 'maintainers', 'email' => ''];
    $stability = version_compare($version, '1.0.0', '<') ? 'beta' : 'stable';
    $phpMin = preg_match('/(\d+\.\d+)/', $composer['require']['php'] ?? '', $mm) ? $mm[1] . '.0' : '8.1.0';

    $files = '';
    foreach (ws_package_files($root) as $path => $role) {
        $files .= '      <file name="' . x($path) . '" role="' . $role . "\"/>\n";
    }
    $options = '';
    $defaults = ws_configure_defaults($root);
    foreach (ws_configure_flags($root) as $name => $help) {
        $options .= '    <configureoption name="' . x($name) . '" default="' . x($defaults[$name] ?? 'no') . '" prompt="'
            . x($help) . "\"/>\n";
    }
    $notes = x($release['notes']);
    $summary = x(rtrim($composer['description'] ?? 'WebSocket server', '.'));
    $leadName = x($author['name']);
    $leadEmail = x($author['email'] ?? '');
    $license = x($composer['license']);

    return <<<XML
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by scripts/gen_package_xml.php: do not edit. -->
<package packagerversion="1.10.13" version="2.0" xmlns="http://pear.php.net/dtd/package-2.0" xmlns:tasks="http://pear.php.net/dtd/tasks-1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://pear.php.net/dtd/tasks-1.0 http://pear.php.net/dtd/tasks-1.0.xsd http://pear.php.net/dtd/package-2.0 http://pear.php.net/dtd/package-2.0.xsd">
  <name>websocket</name>
  <channel>pecl.php.net</channel>
  <summary>{$summary}</summary>
  <description>A WebSocket server (RFC 6455) written in C: an epoll loop, the HTTP upgrade, frames, masking, UTF-8 checks, ping/pong, close, timeouts and backpressure run in C, and PHP code only sees callbacks. Linux only.</description>
  <lead>
    <name>{$leadName}</name>
    <user>maintainers</user>
    <email>{$leadEmail}</email>
    <active>yes</active>
  </lead>
  <date>{$release['date']}</date>
  <version>
    <release>{$version}</release>
    <api>{$version}</api>
  </version>
  <stability>
    <release>{$stability}</release>
    <api>{$stability}</api>
  </stability>
  <license>{$license}</license>
  <notes>
{$notes}
  </notes>
  <contents>
    <dir name="/">
{$files}    </dir>
  </contents>
  <dependencies>
    <required>
      <php>
        <min>{$phpMin}</min>
      </php>
      <pearinstaller>
        <min>1.10.0</min>
      </pearinstaller>
      <os>
        <name>linux</name>
      </os>
    </required>
  </dependencies>
  <providesextension>websocket</providesextension>
  <extsrcrelease>
{$options}  </extsrcrelease>
</package>

XML;
}

$root = dirname(__DIR__);
exit(ws_write_or_check("$root/package.xml", build_package_xml($root), in_array('--check', $argv, true), 'php scripts/gen_package_xml.php'));
