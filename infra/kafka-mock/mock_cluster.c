/*
 * mock-cluster: librdkafka's mock Kafka cluster, driven over stdin/stdout.
 *
 *   mock-cluster [--brokers N] [--topic name:partitions]...
 *
 * Starts N brokers (ids 1..N) on random loopback ports, prints one JSON line
 *   {"bootstrap":"127.0.0.1:p1,...","brokers":[1,...,N]}
 * then answers each command line on stdin with one JSON line, {"ok":true} or
 * {"ok":false,"error":"..."}:
 *   topic <name> <partitions>              create a topic
 *   down <brokerId> | up <brokerId>        take a broker down / bring it back
 *   leader <topic> <partition> <brokerId>  move a partition leader
 *   rtt <brokerId> <ms>                    add round-trip time to a broker
 *   errors <apiKey> <err> [<err>...]       fail the next requests of an API, in order
 *   topic_error <topic> <err>              make a topic answer with an error
 *   coordinator <group|txn> <key> <brokerId>
 *   quit
 * <err> is a Kafka error code (number) or its name, e.g. NOT_LEADER_FOR_PARTITION.
 * The process exits on stdin EOF and when its parent dies (PR_SET_PDEATHSIG).
 * Used by infra/local/kafka-mock-cluster.ts; built by build.sh.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#define MAX_TOPICS 64
#define MAX_ARGS 70

static rd_kafka_t *rk;
static rd_kafka_mock_cluster_t *mcluster;
static int broker_cnt = 3;

static void die(const char *fmt, ...) {
        va_list ap;
        va_start(ap, fmt);
        fputs("mock-cluster: ", stderr);
        vfprintf(stderr, fmt, ap);
        fputc('\n', stderr);
        va_end(ap);
        exit(1);
}

static void print_json_string(const char *s) {
        putchar('"');
        for (; *s; s++) {
                unsigned char c = (unsigned char)*s;
                if (c == '"' || c == '\\')
                        printf("\\%c", c);
                else if (c < 0x20)
                        printf("\\u%04x", c);
                else
                        putchar(c);
        }
        putchar('"');
}

static int reply_ok(void) {
        puts("{\"ok\":true}");
        return fflush(stdout);
}

static int reply_error(const char *fmt, ...) {
        char msg[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        fputs("{\"ok\":false,\"error\":", stdout);
        print_json_string(msg);
        puts("}");
        return fflush(stdout);
}

static int reply_err(rd_kafka_resp_err_t err) {
        if (err)
                return reply_error("%s: %s", rd_kafka_err2name(err), rd_kafka_err2str(err));
        return reply_ok();
}

static int parse_int(const char *s, long min, long max, long *out) {
        char *end;
        if (!s || !*s)
                return 0;
        *out = strtol(s, &end, 10);
        return *end == '\0' && *out >= min && *out <= max;
}

/* A Kafka error code: a number, or a name with or without the RD_KAFKA_RESP_ERR_ prefix. */
static int parse_err(const char *s, rd_kafka_resp_err_t *out) {
        const struct rd_kafka_err_desc *descs;
        size_t cnt, i;
        long n;
        if (parse_int(s, -200, 1000, &n)) {
                *out = (rd_kafka_resp_err_t)n;
                return 1;
        }
        if (!strncmp(s, "RD_KAFKA_RESP_ERR_", 18))
                s += 18;
        rd_kafka_get_err_descs(&descs, &cnt);
        for (i = 0; i < cnt; i++) {
                if (descs[i].name && !strcmp(descs[i].name, s)) {
                        *out = descs[i].code;
                        return 1;
                }
        }
        return 0;
}

/*
 * librdkafka 2.0.x reports controller id 0 (calloc default) while its brokers are 1..N, so
 * clients fail every controller-routed call. 2.1+ has rd_kafka_mock_set_controller_id; on
 * 2.0.x the field is written directly, after checking that the cluster struct starts with
 * the layout of rdkafka_mock_int.h in that version.
 */
struct mock_cluster_head {
        char id[32]; /* "mockCluster<hex>" */
        rd_kafka_t *rk;
        int32_t controller_id;
};

static void fix_controller_id(void) {
#if RD_KAFKA_VERSION >= 0x020100ff
        rd_kafka_mock_set_controller_id(mcluster, 1);
#else
        struct mock_cluster_head *head = (struct mock_cluster_head *)mcluster;
        int id_ok = memchr(head->id, '\0', sizeof head->id) != NULL &&
                    !strncmp(head->id, "mockCluster", 11);
        if (!id_ok || head->rk != rk || rd_kafka_mock_cluster_handle(mcluster) != rk ||
            (head->controller_id != 0 && head->controller_id != -1))
                die("librdkafka %s: the mock cluster struct does not have the expected layout "
                    "(char id[32]; rd_kafka_t *rk; int32_t controller_id), cannot fix the "
                    "controller id",
                    rd_kafka_version_str());
        head->controller_id = 1;
#endif
}

static int command(char **argv, int argc) {
        const char *cmd = argv[0];
        long a, b;
        rd_kafka_resp_err_t err;

        if (!strcmp(cmd, "topic") && argc == 3) {
                if (!parse_int(argv[2], 1, 100000, &a))
                        return reply_error("bad partition count: %s", argv[2]);
                return reply_err(rd_kafka_mock_topic_create(mcluster, argv[1], (int)a,
                                                     broker_cnt < 3 ? broker_cnt : 3));
        } else if ((!strcmp(cmd, "down") || !strcmp(cmd, "up")) && argc == 2) {
                if (!parse_int(argv[1], 1, broker_cnt, &a))
                        return reply_error("unknown broker: %s", argv[1]);
                return reply_err(!strcmp(cmd, "down") ? rd_kafka_mock_broker_set_down(mcluster, (int32_t)a)
                                               : rd_kafka_mock_broker_set_up(mcluster, (int32_t)a));
        } else if (!strcmp(cmd, "leader") && argc == 4) {
                if (!parse_int(argv[2], 0, 100000, &a))
                        return reply_error("bad partition: %s", argv[2]);
                if (!parse_int(argv[3], -1, broker_cnt, &b) || b == 0)
                        return reply_error("unknown broker: %s", argv[3]);
                return reply_err(rd_kafka_mock_partition_set_leader(mcluster, argv[1], (int32_t)a,
                                                             (int32_t)b));
        } else if (!strcmp(cmd, "rtt") && argc == 3) {
                if (!parse_int(argv[1], 1, broker_cnt, &a))
                        return reply_error("unknown broker: %s", argv[1]);
                if (!parse_int(argv[2], 0, 3600000, &b))
                        return reply_error("bad rtt: %s", argv[2]);
                return reply_err(rd_kafka_mock_broker_set_rtt(mcluster, (int32_t)a, (int)b));
        } else if (!strcmp(cmd, "errors") && argc >= 3) {
                rd_kafka_resp_err_t errs[MAX_ARGS];
                int i;
                if (!parse_int(argv[1], 0, 1000, &a))
                        return reply_error("bad api key: %s", argv[1]);
                for (i = 2; i < argc; i++)
                        if (!parse_err(argv[i], &errs[i - 2]))
                                return reply_error("unknown error code: %s", argv[i]);
                rd_kafka_mock_push_request_errors_array(mcluster, (int16_t)a, (size_t)(argc - 2),
                                                        errs);
                return reply_ok();
        } else if (!strcmp(cmd, "topic_error") && argc == 3) {
                if (!parse_err(argv[2], &err))
                        return reply_error("unknown error code: %s", argv[2]);
                rd_kafka_mock_topic_set_error(mcluster, argv[1], err);
                return reply_ok();
        } else if (!strcmp(cmd, "coordinator") && argc == 4) {
                const char *type = !strcmp(argv[1], "txn") ? "transaction" : argv[1];
                if (strcmp(type, "group") && strcmp(type, "transaction"))
                        return reply_error("coordinator type must be group or txn: %s", argv[1]);
                if (!parse_int(argv[3], 1, broker_cnt, &a))
                        return reply_error("unknown broker: %s", argv[3]);
                return reply_err(rd_kafka_mock_coordinator_set(mcluster, type, argv[2], (int32_t)a));
        }
        return reply_error("unknown command or wrong arguments: %s (%d argument(s))", cmd,
                           argc - 1);
}

static void create_topic_arg(const char *spec) {
        char name[256];
        const char *colon = strrchr(spec, ':');
        long partitions;
        rd_kafka_resp_err_t err;
        if (!colon || colon == spec || (size_t)(colon - spec) >= sizeof name ||
            !parse_int(colon + 1, 1, 100000, &partitions))
                die("--topic expects name:partitions, got %s", spec);
        memcpy(name, spec, (size_t)(colon - spec));
        name[colon - spec] = '\0';
        err = rd_kafka_mock_topic_create(mcluster, name, (int)partitions,
                                         broker_cnt < 3 ? broker_cnt : 3);
        if (err)
                die("cannot create topic %s: %s", name, rd_kafka_err2str(err));
}

int main(int argc, char **argv) {
        const char *topics[MAX_TOPICS];
        int topic_cnt = 0, quit = 0, i;
        long n;
        char errstr[512];
        rd_kafka_conf_t *conf;
        char *line = NULL;
        size_t cap = 0;
        pid_t parent = getppid();

        /* Die with the parent (the thread that spawned us, in fact), even if it is killed. */
        if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
                die("parent gone or prctl failed");

        for (i = 1; i < argc; i++) {
                if (!strcmp(argv[i], "--brokers") && i + 1 < argc) {
                        if (!parse_int(argv[++i], 1, 32, &n))
                                die("--brokers expects 1..32, got %s", argv[i]);
                        broker_cnt = (int)n;
                } else if (!strcmp(argv[i], "--topic") && i + 1 < argc && topic_cnt < MAX_TOPICS) {
                        topics[topic_cnt++] = argv[++i];
                } else {
                        die("usage: mock-cluster [--brokers N] [--topic name:partitions]...");
                }
        }

        conf = rd_kafka_conf_new();
        /* Warnings and errors only: the handle exists to host the mock, it never connects. */
        if (rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof errstr) != RD_KAFKA_CONF_OK)
                die("log_level: %s", errstr);
        rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
        if (!rk)
                die("rd_kafka_new: %s", errstr);
        mcluster = rd_kafka_mock_cluster_new(rk, broker_cnt);
        if (!mcluster)
                die("rd_kafka_mock_cluster_new failed");
        fix_controller_id();
        for (i = 0; i < topic_cnt; i++)
                create_topic_arg(topics[i]);

        fputs("{\"bootstrap\":", stdout);
        print_json_string(rd_kafka_mock_cluster_bootstraps(mcluster));
        fputs(",\"brokers\":[", stdout);
        for (i = 1; i <= broker_cnt; i++)
                printf(i > 1 ? ",%d" : "%d", i);
        puts("]}");
        fflush(stdout);

        while (getline(&line, &cap, stdin) != -1) {
                char *args[MAX_ARGS], *save = NULL, *tok;
                int cnt = 0;
                for (tok = strtok_r(line, " \t\r\n", &save); tok && cnt < MAX_ARGS;
                     tok = strtok_r(NULL, " \t\r\n", &save))
                        args[cnt++] = tok;
                if (cnt == 0 || tok) {
                        reply_error("%s", cnt == 0 ? "empty command" : "too many arguments");
                } else if (!strcmp(args[0], "quit")) {
                        quit = 1;
                        break;
                } else {
                        command(args, cnt);
                }
        }

        rd_kafka_mock_cluster_destroy(mcluster);
        rd_kafka_destroy(rk);
        free(line);
        if (quit) /* acknowledged once the brokers are closed */
                reply_ok();
        return 0;
}
