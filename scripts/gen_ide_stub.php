<?php
/*
 * scripts/gen_ide_stub.php: writes integrations/stubs/websocket.php, the IDE and static-analysis stub that the
 * Composer package in integrations/stubs/ publishes, from stubs/websocket.stub.php (the API's source of truth).
 *
 *   php scripts/gen_ide_stub.php           # rewrite integrations/stubs/websocket.php
 *   php scripts/gen_ide_stub.php --check   # exit 1 if it is stale (tests/packaging/run.sh)
 *
 * The declarations are copied as they are, docblocks included. Only what is meant for php-src's gen_stub.php
 * goes: the file's @generate-* tags and the @strict-properties / @not-serializable class tags (the IDE would
 * show them as unknown tags). A file docblock names the package, the version (PHP_WEBSOCKET_VERSION in
 * php_websocket.h) and how to use the file.
 *
 * PHPDOC_OVERLAY adds the generic and callable types that PHPStan at level max and the IDEs need and that the
 * source stub cannot carry: PHP 8.2's gen_stub.php rejects any @param type with <, >, ( or a space in it. A tag
 * the source stub gains (say @return on getIterator) must leave the overlay: the script fails while both have it,
 * and it fails for an overlay entry whose class or method has gone from the stub.
 */
declare(strict_types=1);

require __DIR__ . '/lib/packaging.php';

/** Element ('Class' or 'Class::method') => PHPDoc tags added to its docblock. */
const PHPDOC_OVERLAY = [
    'Server' => ['@implements \\IteratorAggregate<int, Connection>'],
    'Server::__construct' => ['@param array<string, mixed> $options the options of README.md\'s table'],
    'Server::onOpen' => ['@param (callable(Connection): mixed)|null $callback'],
    'Server::onMessage' => ['@param (callable(Connection, string, bool): mixed)|null $callback'],
    'Server::onClose' => ['@param (callable(Connection, int, string): mixed)|null $callback'],
    'Server::onError' => ['@param (callable(?Connection, \\Throwable): mixed)|null $callback'],
    'Server::onDrain' => ['@param (callable(Connection): mixed)|null $callback'],
    'Server::broadcast' => ['@param array<int|string|Connection>|null $except connection ids, cluster ids ("node.id") or Connection objects'],
    'Server::publish' => ['@param array<int|string|Connection>|null $except connection ids, cluster ids ("node.id") or Connection objects'],
    'Server::after' => ['@param callable(): mixed $callback'],
    'Server::every' => ['@param callable(): mixed $callback'],
    'Server::getIterator' => ['@return \\Iterator<int, Connection>'],
    'Server::listen' => ['@param array{socket_mode?: int, tls?: bool} $options'],
    'Server::reloadTls' => ['@param array{cert: string, key?: string, passphrase?: string, min_version?: string, ciphers?: string, ciphersuites?: string, verify_peer?: bool, ca?: string, session_tickets?: bool, ktls?: bool}|null $tls'],
    'Server::onShutdown' => ['@param (callable(int): mixed)|null $callback'],
    'Server::onReload' => ['@param (callable(): mixed)|null $callback'],
    'Server::onHandshake' => ['@param (callable(Request, Response): (bool|null))|null $callback'],
    'Server::onRequest' => ['@param (callable(Request, Response): mixed)|null $callback'],
    'Server::onWorkerStart' => ['@param (callable(int): mixed)|null $callback'],
    'Server::onWorkerStop' => ['@param (callable(int): mixed)|null $callback'],
    'Connection::getExtensions' => ['@return array<string, array<string, bool|int>> by extension name: its parameters in effect'],
];

const GEN_STUB_TAGS = ['generate-class-entries', 'generate-function-entries', 'generate-legacy-arginfo',
    'generate-c-enums', 'strict-properties', 'not-serializable', 'undocumentable'];

/** Drops gen_stub-only tags from one docblock; returns '' when nothing else is left in it. */
function strip_gen_stub_tags(string $doc): string
{
    $lines = preg_split('/\R/', $doc);
    $kept = [];
    foreach ($lines as $line) {
        if (preg_match('/^\s*(\/\*\*)?\s*\*?\s*@([a-z-]+)\s*(\*\/)?\s*$/', $line, $m) && in_array($m[2], GEN_STUB_TAGS, true)) {
            if (($m[1] ?? '') !== '' && ($m[3] ?? '') !== '') {
                return '';   // a one-line /** @tag */
            }
            if (($m[1] ?? '') !== '') {
                $kept[] = preg_replace('/^(\s*)\/\*\*.*$/', '$1/**', $line);
            } elseif (($m[3] ?? '') !== '') {
                $kept[] = preg_replace('/^(\s*).*$/', '$1 */', $line);
            }
            continue;
        }
        $kept[] = $line;
    }
    $text = implode("\n", $kept);
    // Nothing but the comment's own delimiters left?
    return trim(preg_replace('/[\/*\s]+/', '', $text)) === '' ? '' : $text;
}

/** The name of a docblock tag and, for @param, its variable: '@param $options', '@return', '@implements'. */
function tag_key(string $tag): string
{
    preg_match('/^@([a-z-]+)/', $tag, $m);
    $key = '@' . ($m[1] ?? '');
    if ($key === '@param' && preg_match('/\$(\w+)/', $tag, $v)) {
        $key .= ' $' . $v[1];
    }
    return $key;
}

/** Adds PHPDOC_OVERLAY's tags to the docblocks of their classes and methods (making a docblock where none is). */
function apply_overlay(string $code): string
{
    $lines = explode("\n", $code);
    $class = null;
    $seen = [];
    for ($i = 0; $i < count($lines); $i++) {
        $line = $lines[$i];
        if (preg_match('/^(\s*)(?:(?:final|abstract|readonly)\s+)*(?:class|enum|interface|trait)\s+(\w+)/', $line, $m)) {
            $class = $m[2];
            $key = $class;
        } elseif ($class !== null && preg_match('/^(\s*)(?:(?:public|protected|private|static|final|abstract)\s+)*function\s+(\w+)\s*\(/', $line, $m)) {
            $key = "$class::{$m[2]}";
        } else {
            continue;
        }
        if (!isset(PHPDOC_OVERLAY[$key])) {
            continue;
        }
        $seen[$key] = true;
        $indent = $m[1];
        $tags = PHPDOC_OVERLAY[$key];
        // The docblock right above the declaration, if any: lines $start..$i-1.
        $start = $i;
        if ($i > 0 && preg_match('/\*\/\s*$/', $lines[$i - 1])) {
            $start = $i - 1;
            while ($start > 0 && !str_contains($lines[$start], '/**')) {
                $start--;
            }
        }
        $existing = array_slice($lines, $start, $i - $start);
        $text = [];
        foreach ($existing as $l) {
            // One line per text line, without the comment's delimiters.
            $l = preg_replace('/^\s*\/\*\*\s?|\s*\*\/\s*$|^\s*\*\s?/', '', $l);
            if (trim($l) !== '') {
                $text[] = $l;
            }
        }
        foreach ($text as $l) {
            foreach ($tags as $tag) {
                if (str_starts_with(trim($l), '@') && tag_key(trim($l)) === tag_key($tag)) {
                    fwrite(STDERR, "gen_ide_stub: stubs/websocket.stub.php now has " . tag_key($tag) . " for $key: remove it from PHPDOC_OVERLAY\n");
                    exit(2);
                }
            }
        }
        $block = ["$indent/**"];
        foreach ($text as $l) {
            $block[] = "$indent * $l";
        }
        foreach ($tags as $tag) {
            $block[] = "$indent * $tag";
        }
        $block[] = "$indent */";
        array_splice($lines, $start, $i - $start, $block);
        $i = $start + count($block);
    }
    $gone = array_diff(array_keys(PHPDOC_OVERLAY), array_keys($seen));
    if ($gone !== []) {
        fwrite(STDERR, 'gen_ide_stub: PHPDOC_OVERLAY names what stubs/websocket.stub.php no longer declares: ' . implode(', ', $gone) . "\n");
        exit(2);
    }
    return implode("\n", $lines);
}

function build_ide_stub(string $root): string
{
    $source = file_get_contents("$root/stubs/websocket.stub.php");
    $version = ws_version($root);
    $out = '';
    $tokens = token_get_all($source);
    $skipWhitespace = false;
    $seenCode = false;
    foreach ($tokens as $t) {
        if (is_array($t) && $t[0] === T_OPEN_TAG) {
            continue;   // the header below has its own
        }
        if (is_array($t) && $t[0] === T_DOC_COMMENT) {
            // The file's own docblocks (gen_stub's tags, a @version) give way to the header below.
            $doc = $seenCode ? strip_gen_stub_tags($t[1]) : '';
            if ($doc === '') {
                $skipWhitespace = true;   // and the indentation or blank line it stood on
                $out = preg_replace('/[ \t]+$/', '', $out);
                continue;
            }
            $out .= $doc;
            continue;
        }
        if ($skipWhitespace && is_array($t) && $t[0] === T_WHITESPACE) {
            $skipWhitespace = false;
            // Keep the indentation of the next line, drop the rest of the removed comment's line.
            $out .= preg_replace('/^[^\n]*\n/', '', $t[1]);
            continue;
        }
        $skipWhitespace = false;
        if (!is_array($t) || !in_array($t[0], [T_WHITESPACE, T_COMMENT], true)) {
            $seenCode = true;
        }
        $out .= is_array($t) ? $t[1] : $t;
    }
    $body = apply_overlay(ltrim($out));
    $header = <<<PHP
<?php
/**
 * ext-websocket {$version}: the PHP API of the websocket extension, for IDEs and static analysis.
 *
 * Generated by scripts/gen_ide_stub.php from stubs/websocket.stub.php: do not edit.
 * Never include or autoload this file where the extension is loaded: it only declares what the extension
 * defines. PhpStorm indexes it from vendor/; PHPStan reads it through the package's phpstan.neon.
 *
 * @version {$version}
 */

PHP;
    return $header . "\n" . $body;
}

$root = dirname(__DIR__);
$target = "$root/integrations/stubs/websocket.php";
$new = build_ide_stub($root);
exit(ws_write_or_check($target, $new, in_array('--check', $argv, true), 'php scripts/gen_ide_stub.php'));
