/*
 * joy-meter: the first process of a metered actor container (see Joy.Executor/Meter/RunMeter.cs).
 *
 *   joy-meter [-c CPU_MS] [-w WALL_MS] -- COMMAND [ARG...]
 *
 * Runs COMMAND, waits for every process it leaves (as the container's PID 1 it reaps every orphan, and it
 * is a child subreaper elsewhere), and ends the whole tree when the tree's CPU time (user + system) reaches
 * CPU_MS or its wall time WALL_MS. When COMMAND's own process exits, what is left is killed, as Docker does
 * when a container's first process exits. Then it writes one line to its stderr, where the executor finds it
 * by the key it was given in JOY_METER_KEY (wiped before COMMAND starts, and this process is not dumpable,
 * so the program measured cannot read the key and forge the line):
 *
 *   joy-meter KEY {"cpuTimeMs":..,"userTimeMs":..,"systemTimeMs":..,"peakMemoryBytes":..,"wallTimeMs":..,
 *                  "timeout":null|"cpu"|"wall","oomKills":N|null,"memoryLimitHits":N|null,"exitCode":N}
 *
 * The figures are the kernel's rusage of the whole tree (getrusage(RUSAGE_CHILDREN) once all are reaped):
 * the same numbers /usr/bin/time reports for a single program. peakMemoryBytes is the largest resident set
 * of any one process of the tree (ru_maxrss). oomKills: the memory cgroup's OOM kills during the run
 * (cgroup v1 memory.oom_control or v2 memory.events), null when the cgroup is not visible; memoryLimitHits:
 * how often its usage hit the memory limit (v1 memory.failcnt, v2 memory.events "max"), which tells a run
 * stopped by a time limit while it was stalled reclaiming memory at its limit (a memory hog on a loaded machine).
 * It exits with COMMAND's exit code, or 128 + the signal that ended it (137 after a limit kill).
 *
 * Built static (gcc -static -O2) so it runs in any image, shell or not.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static pid_t child;
static long ticks_per_second;

static void forward(int sig)
{
    if (child > 0) kill(child, sig);
}

static long long now_us(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000LL + t.tv_nsec / 1000;
}

static long long tv_us(struct timeval t) { return t.tv_sec * 1000000LL + t.tv_usec; }

/* CPU so far of the processes still alive in the tree, from /proc/PID/stat (clock-tick granularity). */
static long long live_cpu_us(pid_t group)
{
    DIR *dir = opendir("/proc");
    if (dir == NULL) return 0;
    long long total = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL)
    {
        char *end;
        long pid = strtol(entry->d_name, &end, 10);
        if (*end != '\0' || pid <= 0 || pid == getpid()) continue;
        char path[64], buffer[1024];
        snprintf(path, sizeof path, "/proc/%ld/stat", pid);
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) continue;
        ssize_t n = read(fd, buffer, sizeof buffer - 1);
        close(fd);
        if (n <= 0) continue;
        buffer[n] = '\0';
        char *after = strrchr(buffer, ')');
        int pgrp;
        unsigned long long utime, stime;
        if (after != NULL
            && sscanf(after + 2, "%*c %*d %d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &pgrp, &utime, &stime) == 3
            && (getpid() == 1 || pgrp == group))
        {
            total += (long long)(utime + stime) * 1000000LL / ticks_per_second;
        }
    }
    closedir(dir);
    return total;
}

/* A counter of the memory cgroup (v1: a file of its own or a line of one; v2: a line of memory.events), or -1. */
static long long cgroup_counter(const char *v1_file, const char *v1_name, const char *v2_name)
{
    const char *files[] = { v1_file, "/sys/fs/cgroup/memory.events" };
    const char *names[] = { v1_name, v2_name };
    for (size_t i = 0; i < 2; i++)
    {
        FILE *file = fopen(files[i], "re");
        if (file == NULL) continue;
        char name[64];
        long long value;
        if (names[i] == NULL)
        {
            int read = fscanf(file, "%lld", &value);
            fclose(file);
            if (read == 1) return value;
            continue;
        }
        while (fscanf(file, "%63s %lld", name, &value) == 2)
        {
            if (strcmp(name, names[i]) == 0)
            {
                fclose(file);
                return value;
            }
        }
        fclose(file);
    }
    return -1;
}

static long long oom_kills(void) { return cgroup_counter("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill", "oom_kill"); }

static long long limit_hits(void) { return cgroup_counter("/sys/fs/cgroup/memory/memory.failcnt", NULL, "max"); }

/* Everything but this process: the whole namespace as PID 1, else COMMAND's process group. */
static void kill_tree(void)
{
    if (getpid() == 1) kill(-1, SIGKILL);
    else kill(-child, SIGKILL);
}

int main(int argc, char **argv)
{
    long long cpu_limit_ms = 0, wall_limit_ms = 0;
    int first = 1;
    for (; first < argc && strcmp(argv[first], "--") != 0; first++)
    {
        if (strcmp(argv[first], "-c") == 0 && first + 1 < argc) cpu_limit_ms = atoll(argv[++first]);
        else if (strcmp(argv[first], "-w") == 0 && first + 1 < argc) wall_limit_ms = atoll(argv[++first]);
        else break;
    }
    if (first >= argc || strcmp(argv[first], "--") != 0 || first + 1 >= argc)
    {
        fputs("usage: joy-meter [-c CPU_MS] [-w WALL_MS] -- COMMAND [ARG...]\n", stderr);
        return 125;
    }
    first++;

    char key[129] = "";
    char *given = getenv("JOY_METER_KEY");
    if (given != NULL)
    {
        snprintf(key, sizeof key, "%s", given);
        memset(given, 0, strlen(given)); /* /proc/1/environ shows the original block */
        unsetenv("JOY_METER_KEY");
    }
    prctl(PR_SET_DUMPABLE, 0);
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    ticks_per_second = sysconf(_SC_CLK_TCK);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    if (cpus < 1) cpus = 1;

    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    int forwarded[] = { SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
    for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++) signal(forwarded[i], forward);

    long long oom_before = oom_kills(), hits_before = limit_hits();
    long long start = now_us();
    /* posix_spawn (a vfork underneath), not fork + exec: on a VM a process copy is dear, and every run pays it. */
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setsigmask(&attributes, &old);
    int spawned = posix_spawnp(&child, argv[first], NULL, &attributes, &argv[first], environ);
    if (spawned != 0)
    {
        fprintf(stderr, "joy-meter: cannot run %s: %s\n", argv[first], strerror(spawned));
        child = 0;
    }

    int status = spawned == 0 ? 0 : (spawned == ENOENT ? 127 : 126) << 8, main_done = spawned != 0, killing = 0;
    const char *timeout = NULL;
    long long end = start;
    for (;;)
    {
        int gone = 0;
        for (;;)
        {
            int st;
            pid_t pid = waitpid(-1, &st, WNOHANG);
            if (pid > 0)
            {
                if (pid == child) { status = st; main_done = 1; }
                continue;
            }
            if (pid < 0 && errno == EINTR) continue;
            gone = pid < 0; /* ECHILD: nothing left */
            break;
        }
        long long now = now_us();
        if (gone) { end = now; break; }
        if (main_done || killing)
        {
            /* Repeated while anything lives: a process forking at the moment of the kill can escape one. */
            killing = 1;
            kill_tree();
        }
        else
        {
            long long used = -1;
            if (cpu_limit_ms > 0)
            {
                struct rusage reaped;
                getrusage(RUSAGE_CHILDREN, &reaped);
                used = tv_us(reaped.ru_utime) + tv_us(reaped.ru_stime) + live_cpu_us(child);
            }
            if (cpu_limit_ms > 0 && used >= cpu_limit_ms * 1000) timeout = "cpu";
            else if (wall_limit_ms > 0 && now - start >= wall_limit_ms * 1000) timeout = "wall";
            if (timeout != NULL)
            {
                killing = 1;
                kill_tree();
                continue;
            }
        }

        /* Look again when a limit could be reached at the soonest (the tree uses at most every CPU), or on SIGCHLD. */
        long long wait_us = killing ? 10000 : 100000;
        if (!killing && cpu_limit_ms > 0)
        {
            struct rusage reaped;
            getrusage(RUSAGE_CHILDREN, &reaped);
            long long left = (cpu_limit_ms * 1000 - tv_us(reaped.ru_utime) - tv_us(reaped.ru_stime) - live_cpu_us(child)) / cpus;
            if (left < wait_us) wait_us = left;
        }
        if (!killing && wall_limit_ms > 0 && wall_limit_ms * 1000 - (now - start) < wait_us) wait_us = wall_limit_ms * 1000 - (now - start);
        if (wait_us < 2000) wait_us = 2000;
        struct timespec pause = { wait_us / 1000000, (wait_us % 1000000) * 1000 };
        sigtimedwait(&chld, NULL, &pause);
    }

    struct rusage usage;
    getrusage(RUSAGE_CHILDREN, &usage);
    long long oom_after = oom_kills(), hits_after = limit_hits();
    int exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 125;
    char oom[32] = "null";
    if (oom_before >= 0 && oom_after >= 0) snprintf(oom, sizeof oom, "%lld", oom_after - oom_before);
    char hits[32] = "null";
    if (hits_before >= 0 && hits_after >= 0) snprintf(hits, sizeof hits, "%lld", hits_after - hits_before);
    char timeout_json[16] = "null";
    if (timeout != NULL) snprintf(timeout_json, sizeof timeout_json, "\"%s\"", timeout);
    long long user = tv_us(usage.ru_utime), system = tv_us(usage.ru_stime);
    char line[512];
    int length = snprintf(line, sizeof line,
        "joy-meter %s {\"cpuTimeMs\":%lld,\"userTimeMs\":%lld,\"systemTimeMs\":%lld,\"peakMemoryBytes\":%lld,"
        "\"wallTimeMs\":%lld,\"timeout\":%s,\"oomKills\":%s,\"memoryLimitHits\":%s,\"exitCode\":%d}\n",
        key, (user + system + 500) / 1000, (user + 500) / 1000, (system + 500) / 1000, (long long)usage.ru_maxrss * 1024,
        (end - start + 500) / 1000, timeout_json, oom, hits, exit_code);
    if (write(2, line, (size_t)length) < 0) return exit_code; /* nowhere to report: the exit code still tells */
    return exit_code;
}
