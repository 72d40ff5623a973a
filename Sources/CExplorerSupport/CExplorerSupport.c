#include "CExplorerSupport.h"
