--TEST--
Topics: publish() reaches the subscribers of its topic and nobody else, in order, text and binary, leaving out $except; it returns how many accepted; subscribe/unsubscribe/isSubscribed/getTopics and getSubscriberCount agree; a closed connection leaves its topics
--EXTENSIONS--
websocket
--SKIPIF--
<?php require __DIR__ . '/../inc/skipif.inc'; ?>
--FILE--
<?php
require __DIR__ . '/topics.inc';

$srv = wst_spawn_server('$server = new WebSocket\Server("127.0.0.1", 0, ["ping_interval" => 0, "idle_timeout" => 0]);' . "\n" . WSTT_SERVER_HANDLER . <<<'PHP'
$server->onClose(function (WebSocket\Connection $c) use ($server) {
    echo "close {$c->id}: news has ", $server->getSubscriberCount('news'), ", topics after close: ", json_encode($c->getTopics()), "\n";
});
echo 'READY ', $server->getPort(), "\n";
$server->run();
PHP);
[$a, $b, $c] = [wst_connect($srv['port'], '/', [], true), wst_connect($srv['port'], '/', [], true), wst_connect($srv['port'], '/', [], true)];
echo "a sub news: ", json_encode(wstt_cmd($a, ['op' => 'sub', 't' => 'news'])), "\n";
echo "a sub news again: ", json_encode(wstt_cmd($a, ['op' => 'sub', 't' => 'news'])), "\n";
echo "b sub news: ", json_encode(wstt_cmd($b, ['op' => 'sub', 't' => 'news'])), "\n";
echo "b sub sport: ", json_encode(wstt_cmd($b, ['op' => 'sub', 't' => 'sport'])), "\n";
echo "b topics: ", json_encode(wstt_cmd($b, ['op' => 'topics'])), "\n";
echo "c is news: ", json_encode(wstt_cmd($c, ['op' => 'is', 't' => 'news'])), "\n";
echo "count news: ", json_encode(wstt_cmd($c, ['op' => 'count', 't' => 'news'])), "\n";
echo "count nothing: ", json_encode(wstt_cmd($c, ['op' => 'count', 't' => 'nothing'])), "\n";
for ($i = 1; $i <= 3; $i++) {
    echo "c pub news $i: ", json_encode(wstt_cmd($c, ['op' => 'pub', 't' => 'news', 'd' => "n$i"])), "\n";
}
echo "c pub sport: ", json_encode(wstt_cmd($c, ['op' => 'pub', 't' => 'sport', 'd' => 's1'])), "\n";
echo "c pubbin news: ", json_encode(wstt_cmd($c, ['op' => 'pubbin', 't' => 'news', 'd' => base64_encode("\x00\xff")])), "\n";
echo "c pub nothing: ", json_encode(wstt_cmd($c, ['op' => 'pub', 't' => 'nothing', 'd' => 'x'])), "\n";
echo "a pubx news (not to a): ", json_encode(wstt_cmd($a, ['op' => 'pubx', 't' => 'news', 'd' => 'from a'])), "\n";
echo "a got: ", json_encode(wstt_received($a, 0.3, 4)), "\n";
echo "b got: ", json_encode(wstt_received($b, 0.3, 6)), "\n";
echo "c got: ", json_encode(wstt_received($c, 0.3, 0)), "\n";
echo "a unsub news: ", json_encode(wstt_cmd($a, ['op' => 'unsub', 't' => 'news'])), "\n";
echo "a unsub news again: ", json_encode(wstt_cmd($a, ['op' => 'unsub', 't' => 'news'])), "\n";
echo "c pub news: ", json_encode(wstt_cmd($c, ['op' => 'pub', 't' => 'news', 'd' => 'n4'])), "\n";
echo "a got: ", json_encode(wstt_received($a, 0.3, 0)), "\n";
echo "b got: ", json_encode(wstt_received($b, 0.3, 1)), "\n";
wst_close_cleanly($b);
echo "after b closed, count news: ", json_encode(wstt_cmd($c, ['op' => 'count', 't' => 'news'])), ", sport: ",
    json_encode(wstt_cmd($c, ['op' => 'count', 't' => 'sport'])), "\n";
echo "c pub news: ", json_encode(wstt_cmd($c, ['op' => 'pub', 't' => 'news', 'd' => 'n5'])), "\n";
echo "stats: ", json_encode(wstt_cmd($c, ['op' => 'stats'])), "\n";
wstt_cmd($c, ['op' => 'stop']);
foreach ([$a, $c] as $ws) {
    wst_wait_eof($ws);
}
wst_finish($srv);
?>
--EXPECTF--
a sub news: true
a sub news again: false
b sub news: true
b sub sport: true
b topics: ["sport","news"]
c is news: false
count news: 2
count nothing: 0
c pub news 1: 2
c pub news 2: 2
c pub news 3: 2
c pub sport: 1
c pubbin news: 2
c pub nothing: 0
a pubx news (not to a): 1
a got: ["n1","n2","n3","bin:00ff"]
b got: ["n1","n2","n3","s1","bin:00ff","from a"]
c got: []
a unsub news: true
a unsub news again: false
c pub news: 1
a got: []
b got: ["n4"]
-> close 1000 ''
<- close 1000 ''
<- EOF
after b closed, count news: 0, sport: 0
c pub news: 0
stats: {"topics":0,"subscriptions":0,"published":9}
--- server ---
close 2: news has 0, topics after close: []
%A
