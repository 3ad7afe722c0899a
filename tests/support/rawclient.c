/* rawclient — sends its standard input to a Unix socket as is and prints every line that comes
 * back, for the lifecycle scripts. Stops after --expect N lines, at EOF, or after --timeout ms
 * without data; exits 0 if it saw as many lines as expected (or any, without --expect).
 *
 *   rawclient SOCKET [--expect N] [--timeout MS] [--no-shutdown]
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: rawclient SOCKET [--expect N] [--timeout MS] [--no-shutdown]\n");
        return 2;
    }
    long expect = -1, timeout = 10000;
    int do_shutdown = 1;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "--expect") && i + 1 < argc)
            expect = atol(argv[++i]);
        else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
            timeout = atol(argv[++i]);
        else if (!strcmp(argv[i], "--no-shutdown"))
            do_shutdown = 0;
    }
    signal(SIGPIPE, SIG_IGN); /* a closed socket is a write error to report, not a death */
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[1]);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        fprintf(stderr, "rawclient: connect %s: %s\n", argv[1], strerror(errno));
        return 3;
    }
    /* read all of stdin first, then write and read at the same time, so that a daemon that
     * stops reading from a client that does not read cannot deadlock us */
    size_t cap = 1 << 16, len = 0, n;
    char *in = malloc(cap);
    char buf[65536];
    while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
        if (len + n > cap) {
            while (len + n > cap)
                cap *= 2;
            in = realloc(in, cap);
        }
        memcpy(in + len, buf, n);
        len += n;
    }
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    size_t off = 0;
    long lines = 0;
    int write_open = 1;
    for (;;) {
        if (off == len && write_open) {
            if (do_shutdown)
                shutdown(fd, SHUT_WR);
            write_open = 0;
        }
        if (expect >= 0 && lines >= expect)
            break;
        struct pollfd p = {.fd = fd, .events = POLLIN | (write_open ? POLLOUT : 0)};
        if (poll(&p, 1, (int)timeout) <= 0)
            break;
        if ((p.revents & POLLOUT) && write_open) {
            ssize_t w = write(fd, in + off, len - off);
            if (w < 0 && errno != EAGAIN) {
                fprintf(stderr, "rawclient: write: %s\n", strerror(errno));
                write_open = 0; /* keep reading what the daemon did answer */
            } else if (w > 0) {
                off += (size_t)w;
            }
        }
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t r = read(fd, buf, sizeof buf);
            if (r < 0 && errno == EAGAIN)
                continue;
            if (r <= 0)
                break;
            fwrite(buf, 1, (size_t)r, stdout);
            for (ssize_t i = 0; i < r; i++)
                lines += buf[i] == '\n';
        }
    }
    free(in);
    fflush(stdout);
    close(fd);
    return (expect < 0 ? lines > 0 : lines >= expect) ? 0 : 1;
}
