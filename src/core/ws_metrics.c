/* ws_metrics.c: the server's figures as an OpenMetrics text page (the
 * Prometheus exposition format's standard form), built in C so that a
 * scrape never waits on PHP. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/ws_server_int.h"

typedef struct page {
	char *p;
	size_t len, cap;
	int failed;
} page;

static void add(page *pg, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		size_t room = pg->cap - pg->len;
		va_start(ap, fmt);
		n = vsnprintf(pg->p ? pg->p + pg->len : NULL, pg->p ? room : 0, fmt, ap);
		va_end(ap);
		if (n < 0) {
			pg->failed = 1;
			return;
		}
		if (pg->p && (size_t) n < room) {
			pg->len += (size_t) n;
			return;
		}
		{
			size_t cap = pg->cap ? pg->cap * 2 : 4096;
			char *q;
			while (cap < pg->len + (size_t) n + 1) {
				cap *= 2;
			}
			if (!(q = ws_realloc(pg->p, cap))) {
				pg->failed = 1;
				return;
			}
			pg->p = q;
			pg->cap = cap;
		}
	}
}

static void family(page *pg, const char *name, const char *type, const char *help)
{
	add(pg, "# TYPE %s %s\n# HELP %s %s\n", name, type, name, help);
}

/* Resident set size of this process, from /proc (0 if unreadable). */
static unsigned long long rss_bytes(void)
{
	unsigned long long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%llu %llu", &size, &resident) != 2) {
			resident = 0;
		}
		fclose(f);
	}
	return resident * (unsigned long long) sysconf(_SC_PAGESIZE);
}

char *ws_server_metrics(const ws_server *srv, size_t *len)
{
	ws_server_stats st;
	page pg = {0};

	ws_server_get_stats(srv, &st);
	family(&pg, "websocket_connections", "gauge", "Connections by state.");
	add(&pg, "websocket_connections{state=\"handshake\"} %zu\n", st.handshaking);
	add(&pg, "websocket_connections{state=\"open\"} %zu\n", st.open);
	add(&pg, "websocket_connections{state=\"closing\"} %zu\n", st.closing);
	family(&pg, "websocket_max_connections", "gauge", "The effective connection limit.");
	add(&pg, "websocket_max_connections %zu\n", st.max_connections);
	family(&pg, "websocket_handshakes", "counter", "Opening handshakes accepted.");
	add(&pg, "websocket_handshakes_total %llu\n", (unsigned long long) st.handshakes_accepted);
	family(&pg, "websocket_refused", "counter", "Handshakes and requests answered with an HTTP error, by status.");
	for (int i = 0; i < WS_STATS_STATUSES; i++) {
		if (ws_stats_statuses[i]) {
			add(&pg, "websocket_refused_total{status=\"%d\"} %llu\n", ws_stats_statuses[i], (unsigned long long) st.refused[i]);
		} else {
			add(&pg, "websocket_refused_total{status=\"other\"} %llu\n", (unsigned long long) st.refused[i]);
		}
	}
	family(&pg, "websocket_messages", "counter", "Data messages received and sent.");
	add(&pg, "websocket_messages_total{direction=\"in\"} %llu\n", (unsigned long long) st.messages_in);
	add(&pg, "websocket_messages_total{direction=\"out\"} %llu\n", (unsigned long long) st.messages_out);
	family(&pg, "websocket_transferred_bytes", "counter", "Bytes read and written on the connections.");
	add(&pg, "websocket_transferred_bytes_total{direction=\"in\"} %llu\n", (unsigned long long) st.bytes_in);
	add(&pg, "websocket_transferred_bytes_total{direction=\"out\"} %llu\n", (unsigned long long) st.bytes_out);
	family(&pg, "websocket_compressed_messages", "counter", "Data messages received and sent compressed (permessage-deflate).");
	add(&pg, "websocket_compressed_messages_total{direction=\"in\"} %llu\n", (unsigned long long) st.messages_inflated);
	add(&pg, "websocket_compressed_messages_total{direction=\"out\"} %llu\n", (unsigned long long) st.messages_deflated);
	family(&pg, "websocket_compressed_bytes", "counter", "Those messages' bytes compressed (wire) and as the application sees them (plain).");
	add(&pg, "websocket_compressed_bytes_total{direction=\"in\",form=\"wire\"} %llu\n", (unsigned long long) st.inflate_in);
	add(&pg, "websocket_compressed_bytes_total{direction=\"in\",form=\"plain\"} %llu\n", (unsigned long long) st.inflate_out);
	add(&pg, "websocket_compressed_bytes_total{direction=\"out\",form=\"wire\"} %llu\n", (unsigned long long) st.deflate_out);
	add(&pg, "websocket_compressed_bytes_total{direction=\"out\",form=\"plain\"} %llu\n", (unsigned long long) st.deflate_in);
	family(&pg, "websocket_closes", "counter", "Closed connections by the close code onClose reported.");
	for (int i = 0; i < WS_STATS_CLOSE_CODES; i++) {
		if (ws_stats_close_codes[i]) {
			add(&pg, "websocket_closes_total{code=\"%d\"} %llu\n", ws_stats_close_codes[i], (unsigned long long) st.closes[i]);
		} else {
			add(&pg, "websocket_closes_total{code=\"other\"} %llu\n", (unsigned long long) st.closes[i]);
		}
	}
	family(&pg, "websocket_dropped_messages", "counter", "Messages dropped: sends by the drop policy, received messages over the rate limit.");
	add(&pg, "websocket_dropped_messages_total{reason=\"send_buffer\"} %llu\n", (unsigned long long) st.dropped_messages);
	add(&pg, "websocket_dropped_messages_total{reason=\"rate_limit\"} %llu\n", (unsigned long long) st.rate_limited_messages);
	family(&pg, "websocket_queued_bytes", "gauge", "Bytes in the send queues.");
	add(&pg, "websocket_queued_bytes %zu\n", st.queued_bytes);
	family(&pg, "websocket_memory_used_bytes", "gauge", "What peers make the engine hold (counted against memory_budget).");
	add(&pg, "websocket_memory_used_bytes %zu\n", st.memory_used);
	family(&pg, "websocket_memory_budget_bytes", "gauge", "memory_budget (0: none).");
	add(&pg, "websocket_memory_budget_bytes %zu\n", st.memory_budget);
	family(&pg, "websocket_memory_refusals", "counter", "Requests refused and connections evicted for the memory budget.");
	add(&pg, "websocket_memory_refusals_total %llu\n", (unsigned long long) st.memory_refusals);
	family(&pg, "websocket_fd_limit_hits", "counter", "Accepts that met the open-file limit.");
	add(&pg, "websocket_fd_limit_hits_total %llu\n", (unsigned long long) st.fd_limit_hits);
	family(&pg, "websocket_ip_limit_refusals", "counter", "Connections refused by the per-address limits.");
	add(&pg, "websocket_ip_limit_refusals_total %llu\n", (unsigned long long) st.ip_limit_refusals);
	family(&pg, "websocket_health_checks", "counter", "Requests answered on health_path.");
	add(&pg, "websocket_health_checks_total %llu\n", (unsigned long long) st.health_checks);
	family(&pg, "websocket_metrics_scrapes", "counter", "Requests answered on metrics_path, this one included.");
	add(&pg, "websocket_metrics_scrapes_total %llu\n", (unsigned long long) st.metrics_scrapes);
	family(&pg, "websocket_tls_handshake_failures", "counter", "TLS handshakes that failed (garbage or plain HTTP, protocol or certificate errors).");
	add(&pg, "websocket_tls_handshake_failures_total %llu\n", (unsigned long long) st.tls_handshake_failures);
	family(&pg, "websocket_uptime_seconds", "gauge", "Time since run() began.");
	add(&pg, "websocket_uptime_seconds %.3f\n", (double) st.uptime_ms / 1000.0);
	family(&pg, "websocket_resident_memory_bytes", "gauge", "Resident set size of this process.");
	add(&pg, "websocket_resident_memory_bytes %llu\n", rss_bytes());
	add(&pg, "# EOF\n");
	if (pg.failed) {
		ws_free(pg.p);
		return NULL;
	}
	*len = pg.len;
	return pg.p;
}
