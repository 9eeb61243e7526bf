--TEST--
TLS: a missing file, an encrypted key without (or with a wrong) passphrase, a key that does not match the certificate, a file that is no certificate, an unknown cipher list throw a ServerException at construction, before anything listens; bad option shapes throw TypeError/ValueError; reloadTls() without tls is an Error
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; require __DIR__ . '/../inc/tls.inc'; wst_skip_unless_tls(); ?>
--FILE--
<?php
require __DIR__ . '/../inc/client.inc';
require __DIR__ . '/../inc/tls.inc';

$c = wst_tls_certs(['rsa', 'other', 'enc']);
$d = $c['dir'];
$cases = [
    'missing cert' => ['cert' => "$d/nope.crt", 'key' => $c['rsa_key']],
    'missing key' => ['cert' => $c['rsa_crt'], 'key' => "$d/nope.key"],
    'encrypted key, no passphrase' => ['cert' => $c['rsa_crt'], 'key' => $c['enc_key']],
    'encrypted key, wrong passphrase' => ['cert' => $c['rsa_crt'], 'key' => $c['enc_key'], 'passphrase' => 'wrong'],
    'key of another certificate' => ['cert' => $c['rsa_crt'], 'key' => $c['other_key']],
    'a key given as the certificate' => ['cert' => $c['rsa_key'], 'key' => $c['rsa_key']],
    'unknown ciphers' => ['cert' => $c['rsa_crt'], 'key' => $c['rsa_key'], 'ciphers' => 'NO-SUCH-CIPHER'],
    'unknown ciphersuites' => ['cert' => $c['rsa_crt'], 'key' => $c['rsa_key'], 'ciphersuites' => 'TLS_NOPE'],
    'missing ca' => ['cert' => $c['rsa_crt'], 'key' => $c['rsa_key'], 'verify_peer' => true, 'ca' => "$d/nope-ca.crt"],
    'no cert' => ['key' => $c['rsa_key']],
    'bad min_version' => ['cert' => $c['rsa_crt'], 'key' => $c['rsa_key'], 'min_version' => 'SSLv3'],
    'unknown entry' => ['cert' => $c['rsa_crt'], 'certificate' => 'x'],
    'verify_peer not a bool' => ['cert' => $c['rsa_crt'], 'verify_peer' => 1],
    'not an array' => 'yes',
];
foreach ($cases as $name => $tls) {
    try {
        new WebSocket\Server('127.0.0.1', 0, ['tls' => $tls]);
        echo "$name: constructed!\n";
    } catch (Throwable $e) {
        echo "$name: ", get_class($e), ': ', str_replace($d, 'DIR', $e->getMessage()), "\n";
    }
}
/* The right passphrase works, and the port is free again after every failure above. */
$s = new WebSocket\Server('127.0.0.1', 0, ['tls' => ['cert' => $c['rsa_crt'], 'key' => $c['enc_key'], 'passphrase' => 'secret']]);
echo 'with the passphrase: listening on a port: ', $s->getPort() > 0 ? 'yes' : 'no', "\n";
try {
    $s->reloadTls(['cert' => $c['rsa_crt'], 'key' => $c['other_key']]);
} catch (WebSocket\ServerException $e) {
    echo 'reloadTls with a mismatched key: ', str_replace($d, 'DIR', $e->getMessage()), "\n";
}
$s->reloadTls();
echo "reloadTls() of the same files: ok\n";
try {
    (new WebSocket\Server('127.0.0.1', 0))->reloadTls();
} catch (Error $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
try {
    (new WebSocket\Server('127.0.0.1', 0))->listen('127.0.0.1', 0, ['tls' => true]);
} catch (ValueError $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECTF--
missing cert: WebSocket\ServerException: tls cert: cannot read DIR/nope.crt: No such file or directory
missing key: WebSocket\ServerException: tls key: cannot read DIR/nope.key: No such file or directory
encrypted key, no passphrase: WebSocket\ServerException: tls key: DIR/enc.key is encrypted and no 'passphrase' was given
encrypted key, wrong passphrase: WebSocket\ServerException: tls key: cannot decrypt DIR/enc.key with the given passphrase: %s
key of another certificate: WebSocket\ServerException: tls key: DIR/other.key does not match the certificate in DIR/rsa.crt
a key given as the certificate: WebSocket\ServerException: tls cert: DIR/rsa.key is not a usable PEM certificate (chain): %s
unknown ciphers: WebSocket\ServerException: tls ciphers: no usable cipher in 'NO-SUCH-CIPHER'
unknown ciphersuites: WebSocket\ServerException: tls ciphersuites: no usable suite in 'TLS_NOPE'
missing ca: WebSocket\ServerException: tls ca: cannot read DIR/nope-ca.crt: No such file or directory
no cert: ValueError: WebSocket\Server::__construct(): Option "tls" needs "cert" (a PEM certificate chain file)
bad min_version: ValueError: WebSocket\Server::__construct(): "tls" entry "min_version" must be "TLSv1.2" or "TLSv1.3"
unknown entry: ValueError: WebSocket\Server::__construct(): unknown "tls" entry "certificate" (cert, key, passphrase, min_version, ciphers, ciphersuites, verify_peer, ca, session_tickets, ktls)
verify_peer not a bool: TypeError: WebSocket\Server::__construct(): "tls" entry "verify_peer" must be of type bool, int given
not an array: TypeError: WebSocket\Server::__construct(): Option "tls" must be of type ?array, string given
with the passphrase: listening on a port: yes
reloadTls with a mismatched key: tls key: DIR/other.key does not match the certificate in DIR/rsa.crt
reloadTls() of the same files: ok
Error: WebSocket\Server::reloadTls(): the server was created without the "tls" option
ValueError: WebSocket\Server::listen(): Argument #3 ($options) "tls" => true needs the server's "tls" option (certificate and key)
