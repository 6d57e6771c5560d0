// Placeholder so the layer builds until its adapter lands.
namespace certgate::external {}
