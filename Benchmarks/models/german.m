-- German's cache-coherence protocol, data variant, for Rumur.
-- Transcribed from /work/shared/reference/german.md (chipcheck reference definition).
--
-- Undefined values are Murphi undefined values: every cache data field, every channel data
-- field and curPtr start undefined; nothing is cleared except by the assignments of the rules.
--
-- BUG selects a seeded bug:
--   0  correct protocol
--   1  GntE without waiting for all acks  (SendGntE does not require all shrSet[j] false)
--   2  InvAck without data                (SendInvAck never copies the cache data)
--   3  Grant shared while exclusive       (SendGntS does not require not exGntd)

const
  N: 3;     -- number of clients
  D: 2;     -- data values 1..D
  BUG: 0;

type
  CLIENT: 1..N;
  DATA: 1..D;
  CACHE_STATE: enum { I, S, E };
  -- One command type for all channels and curCmd; each variable only ever takes the values
  -- the definition allows, so the reachable state set is the same as with separate types.
  CMD: enum { Empty, ReqS, ReqE, Inv, GntS, GntE, InvAck };
  CACHE: record state: CACHE_STATE; data: DATA; end;
  MSG: record cmd: CMD; data: DATA; end;

var
  cache: array [CLIENT] of CACHE;
  chan1: array [CLIENT] of MSG;   -- client -> home: Empty | ReqS | ReqE
  chan2: array [CLIENT] of MSG;   -- home -> client: Empty | Inv | GntS | GntE
  chan3: array [CLIENT] of MSG;   -- client -> home: Empty | InvAck
  invSet: array [CLIENT] of boolean;
  shrSet: array [CLIENT] of boolean;
  exGntd: boolean;
  curCmd: CMD;
  curPtr: CLIENT;
  memData: DATA;
  auxData: DATA;  -- ghost: last value written

-- One initial state per data value d; everything not assigned here stays undefined.
ruleset d: DATA do
  startstate "Init"
  begin
    for i: CLIENT do
      chan1[i].cmd := Empty;
      chan2[i].cmd := Empty;
      chan3[i].cmd := Empty;
      cache[i].state := I;
      invSet[i] := false;
      shrSet[i] := false;
    endfor;
    exGntd := false;
    curCmd := Empty;
    memData := d;
    auxData := d;
  end;
endruleset;

ruleset i: CLIENT; d: DATA do
  rule "Store"
    cache[i].state = E
  ==>
  begin
    cache[i].data := d;
    auxData := d;
  end;
endruleset;

ruleset i: CLIENT do

  rule "SendReqS"
    chan1[i].cmd = Empty & cache[i].state = I
  ==>
  begin
    chan1[i].cmd := ReqS;
  end;

  rule "SendReqE"
    chan1[i].cmd = Empty & (cache[i].state = I | cache[i].state = S)
  ==>
  begin
    chan1[i].cmd := ReqE;
  end;

  rule "RecvReqS"
    curCmd = Empty & chan1[i].cmd = ReqS
  ==>
  begin
    curCmd := ReqS;
    curPtr := i;
    chan1[i].cmd := Empty;
    for j: CLIENT do
      invSet[j] := shrSet[j];
    endfor;
  end;

  rule "RecvReqE"
    curCmd = Empty & chan1[i].cmd = ReqE
  ==>
  begin
    curCmd := ReqE;
    curPtr := i;
    chan1[i].cmd := Empty;
    for j: CLIENT do
      invSet[j] := shrSet[j];
    endfor;
  end;

  rule "SendInv"
    chan2[i].cmd = Empty & invSet[i] & (curCmd = ReqE | (curCmd = ReqS & exGntd))
  ==>
  begin
    chan2[i].cmd := Inv;
    invSet[i] := false;
  end;

  rule "SendInvAck"
    chan2[i].cmd = Inv & chan3[i].cmd = Empty
  ==>
  begin
    chan2[i].cmd := Empty;
    chan3[i].cmd := InvAck;
    if BUG != 2 & cache[i].state = E then
      chan3[i].data := cache[i].data;
    endif;
    cache[i].state := I;
  end;

  rule "RecvInvAck"
    chan3[i].cmd = InvAck & curCmd != Empty
  ==>
  begin
    chan3[i].cmd := Empty;
    shrSet[i] := false;
    if exGntd then
      exGntd := false;
      -- memData := chan3[i].data. In the correct protocol chan3[i].data is always defined here
      -- (the exclusive owner acks from state E); with BUG = 2 it may be undefined, and copying
      -- an undefined value gives an undefined value (Rumur refuses to read one, hence the test).
      if isundefined(chan3[i].data) then
        undefine memData;
      else
        memData := chan3[i].data;
      endif;
    endif;
  end;

  rule "SendGntS"
    curCmd = ReqS & curPtr = i & chan2[i].cmd = Empty & (BUG = 3 | !exGntd)
  ==>
  begin
    chan2[i].cmd := GntS;
    chan2[i].data := memData;
    shrSet[i] := true;
    curCmd := Empty;
  end;

  rule "SendGntE"
    curCmd = ReqE & curPtr = i & chan2[i].cmd = Empty & !exGntd
    & (BUG = 1 | forall j: CLIENT do !shrSet[j] endforall)
  ==>
  begin
    chan2[i].cmd := GntE;
    chan2[i].data := memData;
    shrSet[i] := true;
    exGntd := true;
    curCmd := Empty;
  end;

  rule "RecvGntS"
    chan2[i].cmd = GntS
  ==>
  begin
    cache[i].state := S;
    cache[i].data := chan2[i].data;
    chan2[i].cmd := Empty;
  end;

  rule "RecvGntE"
    chan2[i].cmd = GntE
  ==>
  begin
    cache[i].state := E;
    cache[i].data := chan2[i].data;
    chan2[i].cmd := Empty;
  end;

endruleset;

invariant "Control"
  forall i: CLIENT do
    forall j: CLIENT do
      i != j ->
        ((cache[i].state = E -> cache[j].state = I)
         & (cache[i].state = S -> (cache[j].state = I | cache[j].state = S)))
    endforall
  endforall;

-- Undefined counts as a value different from every defined one (auxData is always defined).
invariant "Data"
  (!exGntd -> (!isundefined(memData) & memData = auxData))
  & forall i: CLIENT do
      cache[i].state != I -> (!isundefined(cache[i].data) & cache[i].data = auxData)
    endforall;
