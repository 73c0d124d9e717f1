/* queue.c - see queue.h. */
#include "config.h"

#include <stdlib.h>

#include "queue.h"

int
queue_init(struct queue *q, size_t cap, size_t max_bytes)
{
    q->items = calloc(cap, sizeof *q->items);
    q->sizes = calloc(cap, sizeof *q->sizes);
    if (!q->items || !q->sizes) {
        free(q->items);
        free(q->sizes);
        return -1;
    }
    q->cap = cap;
    q->head = q->n = q->bytes = 0;
    q->max_bytes = max_bytes;
    q->closed = 0;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->not_empty, NULL);
    pthread_cond_init(&q->not_full, NULL);
    return 0;
}

void
queue_destroy(struct queue *q)
{
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->not_empty);
    pthread_cond_destroy(&q->not_full);
    free(q->items);
    free(q->sizes);
}

int
queue_push(struct queue *q, void *item, size_t bytes)
{
    pthread_mutex_lock(&q->lock);
    while (!q->closed && (q->n == q->cap ||
                          (q->n && q->bytes + bytes > q->max_bytes)))
        pthread_cond_wait(&q->not_full, &q->lock);
    if (q->closed) {
        pthread_mutex_unlock(&q->lock);
        return -1;
    }
    q->items[(q->head + q->n) % q->cap] = item;
    q->sizes[(q->head + q->n) % q->cap] = bytes;
    q->n++;
    q->bytes += bytes;
    pthread_cond_signal(&q->not_empty);
    pthread_mutex_unlock(&q->lock);
    return 0;
}

void *
queue_pop(struct queue *q)
{
    void *item = NULL;

    pthread_mutex_lock(&q->lock);
    while (!q->closed && q->n == 0)
        pthread_cond_wait(&q->not_empty, &q->lock);
    if (q->n) {
        item = q->items[q->head];
        q->bytes -= q->sizes[q->head];
        q->head = (q->head + 1) % q->cap;
        q->n--;
        pthread_cond_signal(&q->not_full);
    }
    pthread_mutex_unlock(&q->lock);
    return item;
}

void
queue_close(struct queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->closed = 1;
    pthread_cond_broadcast(&q->not_empty);
    pthread_cond_broadcast(&q->not_full);
    pthread_mutex_unlock(&q->lock);
}
