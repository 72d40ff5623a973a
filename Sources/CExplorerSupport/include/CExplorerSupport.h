#ifndef CHIPCHECK_EXPLORER_SUPPORT_H
#define CHIPCHECK_EXPLORER_SUPPORT_H
#include <stdint.h>
#include <stddef.h>
#endif
