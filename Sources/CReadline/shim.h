#ifndef MUSTER_CREADLINE_SHIM_H
#define MUSTER_CREADLINE_SHIM_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <sys/select.h>
#include <sys/ioctl.h>
#include <readline/readline.h>
#include <readline/history.h>

/*
 * Ctrl-C must abandon the line being edited, not the program. Readline's alternate
 * (callback) interface lets the read loop see the signal: our SIGINT handler only sets a
 * flag, select() returns EINTR, and the loop resets readline's line state there, outside
 * the handler, where it is safe to do so. Everything lives in this header so the Swift
 * side never touches readline's C globals directly.
 */

static volatile sig_atomic_t muster_sigint_seen = 0;
static char *muster_line = NULL;
static int muster_line_done = 0;

static void muster_on_sigint(int signo) {
    (void)signo;
    muster_sigint_seen = 1;
}

/* Installs the SIGINT handler without SA_RESTART, so a blocked read returns EINTR. */
static inline int muster_install_sigint_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = muster_on_sigint;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    return sigaction(SIGINT, &action, NULL);
}

/* Whether Ctrl-C was pressed since the last call; clears the flag. */
static inline int muster_take_interrupt(void) {
    int seen = muster_sigint_seen;
    muster_sigint_seen = 0;
    return seen;
}

static void muster_line_handler(char *line) {
    muster_line = line;
    muster_line_done = 1;
    rl_callback_handler_remove();
}

/* Reads one line with editing. Returns 0 with *line set (caller frees), 1 at end of
 * input (Ctrl-D on an empty line), 2 when Ctrl-C abandoned the line. */
static inline int muster_read_line(const char *prompt, char **line) {
    *line = NULL;
    muster_line = NULL;
    muster_line_done = 0;
    muster_sigint_seen = 0;
    rl_catch_signals = 0;
    rl_callback_handler_install(prompt, muster_line_handler);
    int fd = fileno(rl_instream ? rl_instream : stdin);
    while (!muster_line_done) {
        fd_set ready;
        FD_ZERO(&ready);
        FD_SET(fd, &ready);
        int result = select(fd + 1, &ready, NULL, NULL, NULL);
        if (result < 0) {
            if (errno == EINTR) {
                if (muster_take_interrupt()) {
                    rl_free_line_state();
                    rl_callback_sigcleanup();
                    rl_callback_handler_remove();
                    rl_cleanup_after_signal();
                    fputs("^C\n", rl_outstream ? rl_outstream : stdout);
                    fflush(rl_outstream ? rl_outstream : stdout);
                    return 2;
                }
                continue;
            }
            rl_callback_handler_remove();
            return 1;
        }
        rl_callback_read_char();
    }
    if (muster_line == NULL) {
        fputs("\n", rl_outstream ? rl_outstream : stdout);
        return 1;
    }
    *line = muster_line;
    return 0;
}

/* The terminal's width in columns, or 0 when standard output is not a terminal. */
static inline int muster_terminal_columns(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return 0;
}

/* Completion: Swift provides the candidates for the word being completed; readline asks
 * for them one by one through this generator. */
static char **muster_candidates = NULL;
static int muster_candidate_count = 0;
static int muster_candidate_next = 0;

static inline void muster_set_candidates(const char **candidates, int count) {
    for (int i = 0; i < muster_candidate_count; i++) free(muster_candidates[i]);
    free(muster_candidates);
    muster_candidates = count > 0 ? malloc(sizeof(char *) * (size_t)count) : NULL;
    for (int i = 0; i < count; i++) muster_candidates[i] = strdup(candidates[i]);
    muster_candidate_count = count;
    muster_candidate_next = 0;
}

static char *muster_candidate_generator(const char *text, int state) {
    (void)text;
    if (state == 0) muster_candidate_next = 0;
    if (muster_candidate_next < muster_candidate_count) return strdup(muster_candidates[muster_candidate_next++]);
    return NULL;
}

typedef void (*muster_completer_t)(const char *line, int start, int end);
static muster_completer_t muster_completer = NULL;

static char **muster_attempt_completion(const char *text, int start, int end) {
    rl_attempted_completion_over = 1; /* never fall back to file names */
    if (muster_completer == NULL) return NULL;
    muster_completer(rl_line_buffer, start, end);
    if (muster_candidate_count == 0) return NULL;
    return rl_completion_matches(text, muster_candidate_generator);
}

static inline void muster_install_completer(muster_completer_t completer) {
    muster_completer = completer;
    rl_attempted_completion_function = muster_attempt_completion;
    rl_completer_quote_characters = "\"'";
    rl_basic_word_break_characters = " \t\n=";
}

/* Names this program to readline (for ~/.inputrc conditionals) and starts history. */
static inline void muster_history_start(const char *path, int limit) {
    rl_readline_name = "muster";
    using_history();
    stifle_history(limit);
    read_history(path);
}

/* Adds a line unless it repeats the previous one, and saves the (bounded) history. */
static inline void muster_history_remember(const char *line, const char *path) {
    if (history_length > 0) {
        HIST_ENTRY *last = history_get(history_base + history_length - 1);
        if (last && last->line && strcmp(last->line, line) == 0) return;
    }
    add_history(line);
    write_history(path);
}

#endif
