/* queue.h - a bounded single-producer, single-consumer queue of pointers.
 *
 * Bounded by item count and by a byte budget the producer declares per
 * item, so a fast reader cannot pile up gigabytes of documents in front of
 * a slow Xapian writer.
 */
#ifndef SOUSUO_QUEUE_H
#define SOUSUO_QUEUE_H

#include <pthread.h>
#include <stddef.h>

struct queue {
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    void **items;
    size_t *sizes;
    size_t cap, head, n;
    size_t bytes, max_bytes;
    int closed; /* no more items will be pushed */
};

int queue_init(struct queue *q, size_t cap, size_t max_bytes);
void queue_destroy(struct queue *q);
/* Blocks while full.  An item larger than max_bytes waits for an empty
 * queue.  Returns 0, or -1 when the queue was closed. */
int queue_push(struct queue *q, void *item, size_t bytes);
/* Blocks while empty.  NULL once the queue is closed and drained. */
void *queue_pop(struct queue *q);
/* Wake everyone; pushes fail from now on, pops drain what is left. */
void queue_close(struct queue *q);

#endif
