/*
 * credit-link benchmark, variant split, for SPIN.
 * Transcribed from /work/shared/reference/credit-link.md (chipcheck reference definition).
 *
 * Same construction as credit-link-shared.pml: one process, one d_step option per rule
 * instance, the single initial state given by the variable initialisers (no start-state step),
 * CreditConservation asserted at the end of every d_step.
 *
 * Parameters (cpp): spin -a -DK=3 -DM=3 credit-link-split.pml
 */
#ifndef K
#define K 2
#endif
#ifndef M
#define M 2
#endif

byte rq[2];
byte rs[2];
byte credQ[2] = K;
byte credS[2] = K;
byte retQ[2];
byte retS[2];
byte outs[2];

inline check() {
  assert(credQ[0] + rq[1] + retQ[1] == K && credS[0] + rs[1] + retS[1] == K
         && credQ[1] + rq[0] + retQ[0] == K && credS[1] + rs[0] + retS[0] == K)
}

#define AGENT_RULES(a) \
  :: d_step { /* IssueReq */ \
       outs[a] < M && credQ[a] > 0 -> \
       credQ[a]--; outs[a]++; rq[1 - a]++; check() } \
  :: d_step { /* ServeReq */ \
       rq[a] > 0 && credS[a] > 0 -> \
       rq[a]--; retQ[a]++; credS[a]--; rs[1 - a]++; check() } \
  :: d_step { /* SinkRsp */ \
       rs[a] > 0 -> \
       rs[a]--; retS[a]++; outs[a]--; check() } \
  :: d_step { /* ReturnCredits */ \
       retQ[a] + retS[a] > 0 -> \
       credQ[1 - a] = credQ[1 - a] + retQ[a]; credS[1 - a] = credS[1 - a] + retS[a]; \
       retQ[a] = 0; retS[a] = 0; check() }

active proctype link()
{
  do
  AGENT_RULES(0)
  AGENT_RULES(1)
  od
}
