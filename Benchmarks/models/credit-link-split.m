-- credit-link benchmark, variant split (separate request and response channels), for Rumur.
-- Transcribed from /work/shared/reference/credit-link.md (chipcheck reference definition).
-- Never deadlocks.

const
  K: 2;   -- slots = credits per FIFO
  M: 2;   -- maximum outstanding requests per agent

type
  AGENT: 0..1;
  COUNT: 0..K;
  OUTS: 0..M;

var
  rq: array [AGENT] of COUNT;      -- requests waiting in the agent's request FIFO
  rs: array [AGENT] of COUNT;      -- responses waiting in the agent's response FIFO
  credQ: array [AGENT] of COUNT;   -- credits for the peer's request FIFO
  credS: array [AGENT] of COUNT;   -- credits for the peer's response FIFO
  retQ: array [AGENT] of COUNT;    -- freed request entries not yet returned
  retS: array [AGENT] of COUNT;    -- freed response entries not yet returned
  outs: array [AGENT] of OUTS;

startstate "Init"
begin
  for a: AGENT do
    rq[a] := 0;
    rs[a] := 0;
    credQ[a] := K;
    credS[a] := K;
    retQ[a] := 0;
    retS[a] := 0;
    outs[a] := 0;
  endfor;
end;

ruleset a: AGENT do

  rule "IssueReq"
    outs[a] < M & credQ[a] > 0
  ==>
  begin
    credQ[a] := credQ[a] - 1;
    outs[a] := outs[a] + 1;
    rq[1 - a] := rq[1 - a] + 1;
  end;

  rule "ServeReq"
    rq[a] > 0 & credS[a] > 0
  ==>
  begin
    rq[a] := rq[a] - 1;
    retQ[a] := retQ[a] + 1;
    credS[a] := credS[a] - 1;
    rs[1 - a] := rs[1 - a] + 1;
  end;

  rule "SinkRsp"
    rs[a] > 0
  ==>
  begin
    rs[a] := rs[a] - 1;
    retS[a] := retS[a] + 1;
    outs[a] := outs[a] - 1;
  end;

  rule "ReturnCredits"
    retQ[a] + retS[a] > 0
  ==>
  begin
    credQ[1 - a] := credQ[1 - a] + retQ[a];
    credS[1 - a] := credS[1 - a] + retS[a];
    retQ[a] := 0;
    retS[a] := 0;
  end;

endruleset;

invariant "CreditConservation"
  forall a: AGENT do
    credQ[a] + rq[1 - a] + retQ[1 - a] = K
    & credS[a] + rs[1 - a] + retS[1 - a] = K
  endforall;
