/* uWebSockets (C++, v20.79.0 with its pinned uSockets) as a peer for bench/compare.sh, written the way its
 * examples are (examples/EchoServer.cpp, examples/Broadcast.cpp): one uWS::App, one thread, one event loop.
 *
 *   server echo|broadcast PORT
 *
 * echo: every message goes back as it came (text or binary): ws->send(message, opCode).
 * broadcast: every connection subscribes to one topic when it opens; every text message is published to it
 * with app->publish, so it reaches every open connection, the sender included (uWS's own fan-out: the topic
 * tree queues the message and drains it to each subscriber, corked, at the end of the loop iteration).
 *
 * The settings are the extension's defaults where uWS has the same knob: compression off, messages up to
 * 16 MiB, 16 MiB of backpressure per connection before a send is dropped, an idle timeout of 60 s with
 * automatic pings. No SSL (uSockets built with LIBUS_NO_SSL). bench/compare.sh builds it; by hand:
 *   make -C uWebSockets/uSockets
 *   g++ -march=native -O3 -flto=auto -std=c++2b -IuWebSockets/src -IuWebSockets/uSockets/src \
 *       server.cpp uWebSockets/uSockets/*.o -lz -o server
 * (uWebSockets' own build.c flags for its examples).
 */
#include "App.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

int main(int argc, char **argv) {
    if (argc != 3 || (strcmp(argv[1], "echo") != 0 && strcmp(argv[1], "broadcast") != 0)) {
        fprintf(stderr, "usage: server echo|broadcast PORT\n");
        return 2;
    }
    const bool echo = strcmp(argv[1], "echo") == 0;
    const int port = atoi(argv[2]);
    if (port <= 0 || port > 65535) {
        fprintf(stderr, "server: bad port %s\n", argv[2]);
        return 2;
    }

    struct PerSocketData {};
    uWS::App app;
    uWS::App *appp = &app;

    app.ws<PerSocketData>("/*", {
        .compression = uWS::DISABLED,
        .maxPayloadLength = 16 * 1024 * 1024,
        .idleTimeout = 60,
        .maxBackpressure = 16 * 1024 * 1024,
        .closeOnBackpressureLimit = false,
        .resetIdleTimeoutOnSend = false,
        .sendPingsAutomatically = true,
        .upgrade = nullptr,
        .open = [echo](auto *ws) {
            if (!echo) {
                ws->subscribe("all");
            }
        },
        .message = [echo, appp](auto *ws, std::string_view message, uWS::OpCode opCode) {
            if (echo) {
                ws->send(message, opCode, false);
            } else if (opCode == uWS::OpCode::TEXT) {
                appp->publish("all", message, opCode, false);
            }
        },
    }).listen("127.0.0.1", port, [port](auto *listen_socket) {
        if (!listen_socket) {
            fprintf(stderr, "server: cannot listen on 127.0.0.1:%d\n", port);
            exit(1);
        }
    }).run();
    return 0;
}
