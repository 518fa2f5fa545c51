// The one translation unit that compiles Boost.Beast and Boost.Asio. thetool_backend
// defines BOOST_BEAST_SEPARATE_COMPILATION and BOOST_ASIO_SEPARATE_COMPILATION, so every
// other file that includes them sees declarations only and the build stays fast.
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
