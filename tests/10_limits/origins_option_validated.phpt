--TEST--
Limits: origins entries that can never match throw ValueError naming origins: '*' with others, a path, a trailing slash, a query, a fragment, userinfo, no scheme, empty; plain origins, '*' alone and https://*.example.com[:port] are accepted
--EXTENSIONS--
websocket
--FILE--
<?php
$cases = [
    ['*'],
    ['https://*.example.com'],
    ['https://*.example.com:8443'],
    ['http://example.com', 'https://app.example.com'],
    ['http://localhost:8080'],
    ['*', 'https://a.example'],
    ['https://a.example', '*'],
    ['https://a.example/'],
    ['https://a.example/chat'],
    ['https://a.example?x=1'],
    ['https://a.example#top'],
    ['https://user@a.example'],
    ['https://user:pw@a.example'],
    ['a.example'],
    ['//a.example'],
    [''],
    ['https://ok.example', ''],
];
foreach ($cases as $origins) {
    $show = json_encode($origins, JSON_UNESCAPED_SLASHES);
    try {
        new WebSocket\Server('127.0.0.1', 0, ['origins' => $origins]);
        echo "$show: accepted\n";
    } catch (ValueError $e) {
        echo "$show: ValueError", str_contains($e->getMessage(), 'origins') ? ' naming it' : ' NOT naming it: ' . $e->getMessage(), "\n";
    } catch (Throwable $e) {
        echo "$show: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
["*"]: accepted
["https://*.example.com"]: accepted
["https://*.example.com:8443"]: accepted
["http://example.com","https://app.example.com"]: accepted
["http://localhost:8080"]: accepted
["*","https://a.example"]: ValueError naming it
["https://a.example","*"]: ValueError naming it
["https://a.example/"]: ValueError naming it
["https://a.example/chat"]: ValueError naming it
["https://a.example?x=1"]: ValueError naming it
["https://a.example#top"]: ValueError naming it
["https://user@a.example"]: ValueError naming it
["https://user:pw@a.example"]: ValueError naming it
["a.example"]: ValueError naming it
["//a.example"]: ValueError naming it
[""]: ValueError naming it
["https://ok.example",""]: ValueError naming it
